import {expect} from 'chai'
import {resolve} from 'node:path'

import {serviceFiles, servicePath} from '../../../src/core/paths.js'

describe('core/paths', () => {
  it('flag > IPFS_CLUSTER_PATH > $HOME/.ipfs-cluster, made absolute', () => {
    expect(servicePath('rel/dir', {IPFS_CLUSTER_PATH: '/env', HOME: '/home/u'})).to.equal(resolve('rel/dir'))
    expect(servicePath(undefined, {IPFS_CLUSTER_PATH: '/env/x', HOME: '/home/u'})).to.equal('/env/x')
    expect(servicePath(undefined, {HOME: '/home/u'})).to.equal('/home/u/.ipfs-cluster')
  })
  it('serviceFiles names the three files', () => {
    expect(serviceFiles('/p')).to.deep.equal({service: '/p/service.json', identity: '/p/identity.json', peerstore: '/p/peerstore'})
  })
})
