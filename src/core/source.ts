// Remote configurations (`{"source": URL}`): the daemon fetches the URL at every start and uses
// the body as the whole service.json. Fetching here shows what the daemon would get.
import {ExitCode, UserError} from './errors.js'
import {networkProblem} from './net-errors.js'
import {parseJsonText} from './files.js'

export async function fetchSource(url: string, timeoutMs = 10_000): Promise<Record<string, unknown>> {
  let response: Response
  try {
    response = await fetch(url, {signal: AbortSignal.timeout(timeoutMs)})
  } catch (error) {
    const target = URL.canParse(url) ? new URL(url).host : url
    throw new UserError(`could not fetch configuration from source: ${url} (${networkProblem(error, {target, timeoutMs})})`, ExitCode.unreachable)
  }
  const body = await response.text()
  if (response.status >= 300) {
    const text = firstText(body)
    throw new UserError(`unsuccessful request (${response.status}) for source ${url}${text ? `: ${text}` : ''}`, ExitCode.unreachable)
  }
  const value = parseJsonText(body, url)
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UserError(`${url} must hold a JSON object`, ExitCode.invalid)
  if ('source' in value) throw new UserError(`${url}: a sourced configuration cannot point to another source`, ExitCode.invalid)
  return value as Record<string, unknown>
}

/** The first meaningful text of an error body (an HTML page's title or text, or plain text), on one line, cut short. */
export function firstText(body: string, max = 100): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1]
  const text = (title ?? body.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' '))
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
  return text.length > max ? text.slice(0, max - 1).trimEnd() + '…' : text
}
