// `ipfs-cluster-config mcp` as an MCP client sees it: the built CLI in a subprocess, spoken to by the SDK's own
// Client over stdio. HOME is a temp folder, so a tool call without cluster_path can never reach the real
// ~/.ipfs-cluster.
import {Client} from '@modelcontextprotocol/sdk/client/index.js'
import {StdioClientTransport} from '@modelcontextprotocol/sdk/client/stdio.js'
import {expect} from 'chai'
import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {cleanEnv, cliBin, repoRoot} from './cli.js'

export interface ToolResult {
  isError?: boolean
  structuredContent?: any
  content: {type: string; text?: string}[]
}

export interface McpSession {
  client: Client
  call(name: string, args: Record<string, unknown>): Promise<ToolResult>
  /** call(), and fail the test (with the tool's text) when the result is an error. */
  ok(name: string, args: Record<string, unknown>): Promise<ToolResult>
  /** What the server wrote to stderr so far. */
  stderr(): string
  /** Errors the client saw on the transport (anything but protocol on the server's stdout lands here). */
  transportErrors: Error[]
  close(): Promise<void>
}

/** The text content of a tool result. */
export const resultText = (r: ToolResult): string => r.content.map((c) => c.text ?? '').join('\n')

/** Starts the server with `env` added to the test environment (see cleanEnv) and connects a client to it. */
export async function startMcp(home: string, env: Record<string, string | undefined> = {}): Promise<McpSession> {
  if (!existsSync(join(repoRoot, 'dist/commands/mcp.js'))) throw new Error('run `npm run build` first: the test starts the built CLI')
  let stderr = ''
  const transportErrors: Error[] = []
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cliBin, 'mcp'],
    cwd: repoRoot,
    env: cleanEnv({HOME: home, ...env}) as Record<string, string>,
    stderr: 'pipe',
  })
  transport.stderr?.on('data', (d) => (stderr += d))
  const client = new Client({name: 'icc-test', version: '0.0.0'})
  client.onerror = (e) => transportErrors.push(e)
  await client.connect(transport)
  const call = async (name: string, args: Record<string, unknown>) => (await client.callTool({name, arguments: args})) as ToolResult
  return {
    client,
    call,
    async ok(name, args) {
      const r = await call(name, args)
      expect(r.isError, `${name}: ${resultText(r)}`).to.not.equal(true)
      return r
    },
    stderr: () => stderr,
    transportErrors,
    close: () => client.close(),
  }
}
