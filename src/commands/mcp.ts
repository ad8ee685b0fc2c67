import {BaseCommand} from '../cli/base.js'
import {EXIT_CODE_HELP} from '../core/errors.js'
import {OPERATION_NAMES, operationCommands} from '../ops/operations.js'

export default class Mcp extends BaseCommand {
  static override summary = `Serve ${OPERATION_NAMES.length} operations (${operationCommands()}) as MCP tools over stdio (for AI agents)`
  static override description = `Starts a Model Context Protocol server on stdin/stdout with ${OPERATION_NAMES.length} tools: ${OPERATION_NAMES.slice(0, -1).join(', ')} and ${OPERATION_NAMES.at(-1)}. Each tool calls the same core as the matching command, and its structuredContent is what that command prints with --json; errors are isError results with the message, exit code and next steps; secrets are redacted unless show_secrets. stdout carries the protocol only; diagnostics go to stderr. It stops when its input ends. Register it in an MCP client as {"command": "ipfs-cluster-config", "args": ["mcp"]}.\n\nA failed tool call carries the command's exit code in structuredContent.error.exit (a status report in structuredContent.exitCode):\n${EXIT_CODE_HELP}`
  static override examples = [
    '<%= config.bin %> mcp',
    'IPFS_CLUSTER_PATH=/data/ipfs-cluster <%= config.bin %> mcp   # the default cluster_path of the service tools',
    'npx @modelcontextprotocol/inspector <%= config.bin %> mcp   # try the tools in a browser',
  ]
  static override enableJsonFlag = false

  async run(): Promise<void> {
    await this.parse(Mcp)
    const {runMcpServer} = await import('../mcp/server.js')
    await runMcpServer({name: this.config.name, version: this.config.version})
  }
}
