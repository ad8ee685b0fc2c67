// The MCP server on stdio. Only `ipfs-cluster-config mcp` imports this module (and so the SDK).
// The low-level Server is used on purpose: the tools are declared by JSON Schemas (checked by
// Ajv), which McpServer.registerTool, taking zod schemas only, cannot carry.
import {Server} from '@modelcontextprotocol/sdk/server/index.js'
import {StdioServerTransport} from '@modelcontextprotocol/sdk/server/stdio.js'
import {CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError} from '@modelcontextprotocol/sdk/types.js'

import {invokeTool} from './invoke.js'
import {TOOLS, TOOL_NAMES} from './tools.js'

const INSTRUCTIONS = `Tools to create, read, change and check IPFS Cluster v1.1.6 peer configurations (ipfs-cluster-service peers and ipfs-cluster-follow followers), report a peer's status and join a peer to a cluster. structuredContent is what \`ipfs-cluster-config ... --json\` prints; a failure is isError with structuredContent.error {message, exit, nextSteps}. Secrets are redacted unless show_secrets is true. Nothing is written when validation fails.`

/** Serves until stdin closes. stdout carries the protocol only; diagnostics go to stderr. */
export async function runMcpServer(info: {name: string; version: string}): Promise<void> {
  // Anything a dependency logs must not corrupt the JSON-RPC stream on stdout.
  console.log = console.info = console.debug = console.warn = console.error

  const server = new Server({name: info.name, version: info.version}, {capabilities: {tools: {}}, instructions: INSTRUCTIONS})
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: TOOLS.map((t) => ({name: t.name, title: t.title, description: t.description, inputSchema: t.inputSchema as {type: 'object'}, annotations: t.annotations})),
  }))
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = TOOLS.find((t) => t.name === request.params.name)
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `unknown tool "${request.params.name}"; the tools are ${TOOL_NAMES.join(', ')}`)
    const token = request.params._meta?.progressToken
    let step = 0
    const progress = (message: string) => {
      if (token === undefined) return
      extra.sendNotification({method: 'notifications/progress', params: {progressToken: token, progress: ++step, message}}).catch(() => {})
    }
    return invokeTool(tool, request.params.arguments, {env: process.env, progress})
  })
  server.onerror = (error) => process.stderr.write(`mcp: ${error.message}\n`)

  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve
  })
  process.stdin.once('end', () => void server.close())
  await server.connect(new StdioServerTransport())
  process.stderr.write(`${info.name} ${info.version}: MCP server on stdio, ${TOOLS.length} tools (end of input stops it)\n`)
  await closed
}
