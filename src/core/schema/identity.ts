import type {FromSchema} from 'json-schema-to-ts'

import {str} from './build.js'

// identity.json: written with 4-space indent, keys in this order.
export const identitySchema = {
  $id: 'identity.json',
  type: 'object',
  required: ['id', 'private_key'],
  properties: {
    id: {...str(''), format: 'peer-id'},
    private_key: {...str('', {'x-secret': true}), format: 'libp2p-private-key'},
  },
} as const

export type IdentityJson = FromSchema<typeof identitySchema>
