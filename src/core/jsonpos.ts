// Where a JSON text first goes wrong, as an offset. V8's JSON.parse messages sometimes carry no
// position and quote the text around the error (which may be a secret), so we find it ourselves.

/** Offset of the first syntax error and what was expected, or undefined when the text is valid. */
export function jsonErrorAt(text: string): {offset: number; expected: string} | undefined {
  let i = 0
  const fail = (expected: string): never => {
    throw {offset: i, expected}
  }
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++
  }
  const literal = (word: string) => {
    for (const c of word) {
      if (text[i] !== c) fail(`"${word}"`)
      i++
    }
  }
  const string = () => {
    i++ // opening quote
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i)
      if (c < 0x20) fail('a closing quote (control character in string)')
      if (text[i] === '\\') {
        i++
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('four hex digits after \\u')
          i += 4
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail('a valid escape')
      }
      i++
    }
    if (i >= text.length) fail('a closing quote')
    i++
  }
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i))
    if (!m) fail('a value')
    i += m![0].length
  }
  const value = (): void => {
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      ws()
      if (text[i] === '}') return void i++
      for (;;) {
        ws()
        if (text[i] !== '"') fail('a key in double quotes')
        string()
        ws()
        if (text[i] !== ':') fail('":"')
        i++
        value()
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === '}') return void i++
        fail('"," or "}"')
      }
    }
    if (c === '[') {
      i++
      ws()
      if (text[i] === ']') return void i++
      for (;;) {
        value()
        ws()
        if (text[i] === ',') {
          i++
          continue
        }
        if (text[i] === ']') return void i++
        fail('"," or "]"')
      }
    }
    if (c === '"') return string()
    if (c === 't') return literal('true')
    if (c === 'f') return literal('false')
    if (c === 'n') return literal('null')
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number()
    fail('a value')
  }
  try {
    value()
    ws()
    if (i < text.length) fail('the end of the file')
    return undefined
  } catch (error) {
    if (error && typeof error === 'object' && 'offset' in error) return error as {offset: number; expected: string}
    throw error
  }
}

export function lineColumn(text: string, offset: number): {line: number; column: number} {
  const before = text.slice(0, offset)
  return {line: before.split('\n').length, column: offset - before.lastIndexOf('\n')}
}
