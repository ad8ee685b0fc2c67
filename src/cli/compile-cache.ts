// A V8 code cache for the CommonJS modules oclif loads (help, usage errors, prompts, mcp, serve): most of
// their start is compiling oclif's ~200 files again at every run. Node 22 has module.enableCompileCache();
// Node 20 (which the package supports) does not, so CommonJS files from node_modules are compiled here
// with vm.Script and cachedData kept in one file per Node version. The folder is the user's own cache
// (0700, and refused unless this user owns it: cached code is trusted input). Any failure just
// compiles normally; ENV_NO_COMPILE_CACHE turns it off.
import {createHash} from 'node:crypto'
import {mkdirSync, readFileSync, renameSync, statSync, writeFileSync} from 'node:fs'
import Module from 'node:module'
import {homedir} from 'node:os'
import {dirname, join} from 'node:path'
import vm from 'node:vm'

import {ENV_NO_COMPILE_CACHE} from '../core/env-names.js'

type CompiledModule = {exports: unknown; require: (id: string) => unknown; filename: string}
type ModuleStatic = {
  prototype: {_compile(this: CompiledModule, content: string, filename: string): unknown}
  wrap(code: string): string
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string
  _extensions: unknown
  _cache: unknown
}

function cacheDir(): string | undefined {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache')
  const dir = join(base, 'ipfs-cluster-config', 'compile-cache')
  mkdirSync(dir, {recursive: true, mode: 0o700})
  const st = statSync(dir)
  return typeof process.getuid === 'function' && st.uid !== process.getuid() ? undefined : dir
}

export function enableCompileCache(): void {
  if (process.env[ENV_NO_COMPILE_CACHE]) return
  let dir: string | undefined
  try {
    dir = cacheDir()
  } catch {
    return
  }
  if (!dir) return
  const native = (Module as unknown as {enableCompileCache?: (dir: string) => unknown}).enableCompileCache
  if (native) {
    native(dir)
    return
  }
  const file = join(dir, `cjs-${process.version}-${process.arch}.bin`)
  const cache = readBlob(file)
  const fresh = new Map<string, vm.Script>()
  const M = Module as unknown as ModuleStatic
  const original = M.prototype._compile
  M.prototype._compile = function (content, filename) {
    // A module with a dynamic import() is left to Node, which knows how to resolve it from that module
    // (vm's own way is experimental in Node 20 and warns on stderr).
    if (!filename.includes('/node_modules/') || content.includes('import(')) return original.call(this, content, filename)
    const key = `${filename}\0${createHash('sha1').update(content).digest('base64')}`
    const cachedData = cache.get(key)
    const script = new vm.Script(M.wrap(content.startsWith('#!') ? '//' + content : content), {
      filename,
      cachedData,
    })
    if (!cachedData || script.cachedDataRejected) fresh.set(key, script)
    const require = Object.assign((id: string) => this.require(id), {
      resolve: (request: string, options?: unknown) => M._resolveFilename(request, this, false, options),
      main: process.mainModule,
      extensions: M._extensions,
      cache: M._cache,
    })
    const wrapper = script.runInThisContext({displayErrors: true}) as (...a: unknown[]) => unknown
    return wrapper.call(this.exports, this.exports, require, this, filename, dirname(filename))
  }
  // Written once at exit, with what the run compiled lazily too: later starts find more already compiled.
  process.once('exit', () => {
    if (fresh.size === 0) return
    try {
      for (const [key, script] of fresh) cache.set(key, script.createCachedData())
      writeBlob(file, cache)
    } catch {
      // a cache that cannot be written is only slower
    }
  })
}

// The blob: a 4-byte length, a JSON index [key, length][], then the buffers in that order.
function readBlob(file: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  try {
    const blob = readFileSync(file)
    const indexLength = blob.readUInt32LE(0)
    const index = JSON.parse(blob.subarray(4, 4 + indexLength).toString('utf8')) as [string, number][]
    let at = 4 + indexLength
    for (const [key, length] of index) {
      out.set(key, blob.subarray(at, at + length))
      at += length
    }
  } catch {
    out.clear()
  }
  return out
}

function writeBlob(file: string, cache: Map<string, Buffer>): void {
  const index = Buffer.from(JSON.stringify([...cache].map(([k, v]) => [k, v.length])))
  const head = Buffer.alloc(4)
  head.writeUInt32LE(index.length)
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, Buffer.concat([head, index, ...cache.values()]), {mode: 0o600})
  renameSync(tmp, file)
}
