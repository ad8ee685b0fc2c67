// The same MCP server over Streamable HTTP, stateless: a fresh transport and server for every
// request (the SDK's stateless mode; reusing one across requests fails, typescript-sdk#1994), so
// no session outlives its request. `serve` mounts this on /mcp after its own Host, Origin and token
// checks (the transport's DNS-rebinding options are deprecated in favour of such middleware).
import type {IncomingMessage, ServerResponse} from 'node:http'

import {StreamableHTTPServerTransport} from '@modelcontextprotocol/sdk/server/streamableHttp.js'

import type {OperationOutcome} from '../ops/invoke.js'
import {createMcpServer} from './server.js'

export interface McpHttpOptions {
  info: {name: string; version: string}
  env: NodeJS.ProcessEnv
  onOutcome?: (name: string, outcome: OperationOutcome) => void
}

export async function handleMcpRequest(req: IncomingMessage, res: ServerResponse, body: unknown, o: McpHttpOptions): Promise<void> {
  const server = createMcpServer(o.info, {env: o.env, onOutcome: o.onOutcome})
  const transport = new StreamableHTTPServerTransport({sessionIdGenerator: undefined, enableJsonResponse: true})
  res.on('close', () => {
    void transport.close()
    void server.close()
  })
  await server.connect(transport)
  await transport.handleRequest(req, res, body)
}
