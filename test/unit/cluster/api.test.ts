import {expect} from 'chai'

import {endpointFromConfig, endpointFromMultiaddr, parseStream} from '../../../src/cluster/api.js'
import {ENV_CLUSTER_RESTAPI_LISTEN} from '../../../src/core/env-names.js'
import {envVariableFor} from '../../../src/core/env.js'

describe('REST API endpoint from a peer config', () => {
  it('multiaddresses: ip4, ip6, dns, unix; a wildcard listen address is reached on loopback', () => {
    expect(endpointFromMultiaddr('/ip4/0.0.0.0/tcp/9094')).to.include({url: 'http://127.0.0.1:9094', https: false})
    expect(endpointFromMultiaddr('/ip4/10.1.2.3/tcp/19094')).to.include({url: 'http://10.1.2.3:19094'})
    expect(endpointFromMultiaddr('/ip6/::/tcp/9094')).to.include({url: 'http://[::1]:9094'})
    expect(endpointFromMultiaddr('/ip6/fe80::1/tcp/9094')).to.include({url: 'http://[fe80::1]:9094'})
    expect(endpointFromMultiaddr('/dns4/cluster.example/tcp/9094')).to.include({url: 'http://cluster.example:9094'})
    expect(endpointFromMultiaddr('/unix/var/run/cluster/api-socket')).to.include({socketPath: '/var/run/cluster/api-socket'}).and.not.have.property('url')
    expect(endpointFromMultiaddr('/ip4/127.0.0.1/tcp/9094/https')).to.include({url: 'https://127.0.0.1:9094', https: true})
    expect(endpointFromMultiaddr('/ip4/127.0.0.1/udp/9094/quic')).to.equal(undefined)
  })

  it('from service.json: a string or the first usable entry of a list, https with TLS files, basic auth', () => {
    const config = (restapi: Record<string, unknown>) => ({api: {restapi}})
    expect(endpointFromConfig(config({http_listen_multiaddress: '/ip4/127.0.0.1/tcp/9094'}), {})).to.include({url: 'http://127.0.0.1:9094', credentials: undefined})
    expect(endpointFromConfig(config({http_listen_multiaddress: ['/ip4/127.0.0.1/udp/1/quic', '/ip4/127.0.0.1/tcp/19094']}), {})).to.include({url: 'http://127.0.0.1:19094'})
    const tls = config({http_listen_multiaddress: '/ip4/127.0.0.1/tcp/9094', ssl_cert_file: 'c.pem', ssl_key_file: 'k.pem', basic_auth_credentials: {admin: 's3cret'}})
    expect(endpointFromConfig(tls, {})).to.include({url: 'https://127.0.0.1:9094', https: true, credentials: 'admin:s3cret'})
    // a flag, then CLUSTER_CREDENTIALS, then the config's credentials
    expect(endpointFromConfig(tls, {CLUSTER_CREDENTIALS: 'env:pw'})).to.include({credentials: 'env:pw'})
    expect(endpointFromConfig(tls, {CLUSTER_CREDENTIALS: 'env:pw'}, 'flag:pw')).to.include({credentials: 'flag:pw'})
    expect(endpointFromConfig({api: {}}, {}), 'no restapi section: the API is disabled').to.equal(undefined)
  })

  it('CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS wins over the file, as at daemon start', () => {
    expect(ENV_CLUSTER_RESTAPI_LISTEN).to.equal(envVariableFor('api.restapi.http_listen_multiaddress'))
    const env = {[ENV_CLUSTER_RESTAPI_LISTEN]: '/ip4/127.0.0.1/tcp/29094'}
    expect(endpointFromConfig({api: {restapi: {http_listen_multiaddress: '/ip4/127.0.0.1/tcp/9094'}}}, env)).to.include({url: 'http://127.0.0.1:29094'})
    expect(endpointFromConfig({}, env)).to.include({url: 'http://127.0.0.1:29094'})
  })

  it('streams: NDJSON lines, 204 or an empty body as no items', () => {
    expect(parseStream({status: 200, body: '{"id":"a"}\n{"id":"b"}\n'})).to.deep.equal([{id: 'a'}, {id: 'b'}])
    expect(parseStream({status: 200, body: '{"id":"a"}\n'})).to.deep.equal([{id: 'a'}])
    expect(parseStream({status: 204, body: ''})).to.deep.equal([])
  })
})
