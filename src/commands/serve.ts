import {Flags} from '@oclif/core'

import {BaseCommand} from '../cli/base.js'
import {ENV_SERVE_LISTEN, ENV_SERVE_TOKEN_FILE} from '../core/env-names.js'
import {EXIT_CODE_HELP} from '../core/errors.js'

export default class Serve extends BaseCommand {
  static override summary = 'Serve the operations over HTTP, MCP over HTTP, live updates and a web dashboard'
  static override description = `Starts a local server: the dashboard at /, the operations at POST /api/mcp/<tool> (GET /api/tools lists them, GET /api/peers the managed peers), MCP over Streamable HTTP at /mcp (stateless) and live events on the WebSocket /ws (config.changed, status.changed, tool.called). It prints the dashboard URL with a fresh random token; the page exchanges it for an HttpOnly cookie, API clients send Authorization: Bearer <token>. Requests whose Host is not a loopback name or address (or an --allowed-host), or whose Origin is another site's, are refused (403). A non-loopback --listen needs --allow-remote and --token-file. SIGINT or SIGTERM stops it.\n\n${EXIT_CODE_HELP}`
  static override examples = [
    '<%= config.bin %> serve --path ./peer0 --path ./peer1',
    '<%= config.bin %> serve --follow-path ~/.ipfs-cluster-follow --listen 127.0.0.1:9000',
    '<%= config.bin %> serve --out ./cluster --json   # {"url": ..., "listen": ...}, and keeps serving',
    'curl -H "Authorization: Bearer $(cat token)" http://127.0.0.1:8765/api/peers   # with --token-file token',
  ]
  static override flags = {
    listen: Flags.string({description: 'address to listen on, HOST:PORT (port 0 picks a free one)', default: '127.0.0.1:8765', env: ENV_SERVE_LISTEN}),
    path: Flags.string({char: 'c', multiple: true, description: "a service peer's config folder to manage (repeatable) [default: $IPFS_CLUSTER_PATH, else ~/.ipfs-cluster, when no peers are given]"}),
    'follow-path': Flags.string({multiple: true, description: "a followers' base folder: every follower in it is managed (repeatable)"}),
    out: Flags.string({multiple: true, description: 'a bundle folder from `cluster create`: every peer folder in it is managed (repeatable)'}),
    'token-file': Flags.string({description: 'read the token from this file (at least 24 bytes) instead of making a random one', env: ENV_SERVE_TOKEN_FILE}),
    'allowed-host': Flags.string({multiple: true, description: 'also accept this Host name (e.g. a name in /etc/hosts or behind a proxy) (repeatable)'}),
    'allow-remote': Flags.boolean({description: 'allow a non-loopback --listen address (needs --token-file)'}),
    'tls-cert': Flags.string({description: 'serve https with this PEM certificate (with --tls-key)'}),
    'tls-key': Flags.string({description: 'the PEM private key of --tls-cert'}),
    poll: Flags.string({description: "how often peers' status is polled while a dashboard or WebSocket client is connected (a Go duration)", default: '5s'}),
  }

  async run(): Promise<{url: string; listen: string}> {
    const {flags} = await this.parse(Serve)
    const {serveOptions} = await import('../web/options.js')
    const {startServer} = await import('../web/server.js')
    const server = await startServer(await serveOptions(flags, process.env, {name: this.config.name, version: this.config.version}))
    const stop = () => void server.close().then(() => process.exit(0))
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    if (!this.jsonEnabled()) {
      this.log(`serving on ${server.listen}; open the dashboard at:`)
      this.log(`  ${server.url}`)
      this.note('stop with Ctrl-C')
    }
    return {url: server.url, listen: server.listen}
  }
}
