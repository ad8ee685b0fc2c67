// Runs the CLI on a pseudo-terminal (util-linux `script`), as a person at a terminal would, and
// answers prompts when their text appears.
import {spawn} from 'node:child_process'

import {cleanEnv, cliBin} from './cli.js'

export interface PtyStep {
  waitFor: RegExp
  send: string
}

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`

export function runInPty(args: string[], steps: PtyStep[], env: Record<string, string | undefined> = {}, timeoutMs = 30_000): Promise<{code: number | null; output: string}> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, cliBin, ...args].map(shellQuote).join(' ')
    // CI unset: a person at a terminal. `script -e` returns the command's exit code.
    const child = spawn('script', ['-qefc', command, '/dev/null'], {env: cleanEnv({CI: undefined, ...env}), stdio: ['pipe', 'pipe', 'pipe']})
    let output = ''
    let next = 0
    const pump = () => {
      while (next < steps.length && steps[next].waitFor.test(output)) {
        // Each answer is sent once its question is on screen.
        output = output.replace(steps[next].waitFor, '')
        child.stdin.write(steps[next].send)
        next++
      }
    }
    child.stdout.on('data', (d) => {
      output += d.toString()
      pump()
    })
    child.stderr.on('data', (d) => (output += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      child.stdin.destroy()
      resolve({code, output})
    })
  })
}
