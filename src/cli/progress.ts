// Progress for long waits: a spinner line on a terminal, plain lines otherwise (CI logs), always
// on stderr and never under --json.
export function progress(title: string, json: boolean) {
  const tty = !!process.stderr.isTTY && !process.env.CI
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
  let frame = 0
  let last = ''
  let lastPlain = 0
  if (!json) process.stderr.write(tty ? '' : `${title}\n`)
  const timer = tty && !json ? setInterval(() => process.stderr.write(`\r${frames[frame++ % frames.length]} ${title}: ${last}\u001B[K`), 120) : undefined
  return {
    update(message: string) {
      last = message
      // Without a terminal, one line every 5 s at most.
      if (!tty && !json && Date.now() - lastPlain > 5000) {
        process.stderr.write(`  ${message}\n`)
        lastPlain = Date.now()
      }
    },
    stop() {
      if (timer) {
        clearInterval(timer)
        process.stderr.write('\r\u001B[K')
      }
    },
  }
}
