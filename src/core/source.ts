// Remote configurations (`{"source": URL}`): the daemon fetches the URL at every start and uses
// the body as the whole service.json. Fetching here shows what the daemon would get.
import {ExitCode, UserError} from './errors.js'
import {parseJsonText} from './files.js'

export async function fetchSource(url: string, timeoutMs = 10_000): Promise<Record<string, unknown>> {
  let response: Response
  try {
    response = await fetch(url, {signal: AbortSignal.timeout(timeoutMs)})
  } catch (error) {
    const cause = (error as {cause?: {code?: string}}).cause?.code ?? (error as Error).message
    throw new UserError(`could not fetch configuration from source: ${url} (${cause})`, ExitCode.unreachable)
  }
  const body = await response.text()
  if (response.status >= 300) throw new UserError(`unsuccessful request (${response.status}) for source ${url}: ${body.slice(0, 200).trim()}`, ExitCode.unreachable)
  const value = parseJsonText(body, url)
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UserError(`${url} must hold a JSON object`, ExitCode.invalid)
  if ('source' in value) throw new UserError(`${url}: a sourced configuration cannot point to another source`, ExitCode.invalid)
  return value as Record<string, unknown>
}
