// Shared fixtures for the unit tests of src/core: reference test vectors, the default service.json
// bytes, temp folders (under os.tmpdir(), removed after each test file) and error assertions.
import {expect} from 'chai'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {UserError} from '../../src/core/errors.js'

/** The secret in reference/default-service.json (upstream's example). */
export const DEFAULT_SECRET = '044081064dfc37b20b44d7b362e0eafe916d681abac420e041a8db605af11e5c'

/** reference §2 vector 1 (ipfs-cluster config_test.go). */
export const ED_ID = '12D3KooWQiK1sYbGNnD9XtWF1sP95cawwwNy3d2WUwtP71McwUfZ'
export const ED_KEY = 'CAESQJZ0wHQyoWGizG7eSATrDtTVlyyr99O8726jIu1lf2D+3VJBBAu6HXPRkbdNINBWlPMn+PK3bO6EgGGuaou8bKg='
/** stack.md §3 (ipfs-cluster config/identity_test.go). */
export const ED2_ID = '12D3KooWCLKKDpG1EndPjLYzsqzoqEUBwF2CNyCVdvMVci2x1ppS'
export const ED2_KEY = 'CAESQOlnuLttGxDhIak0xsgEoHpQEHYrxOA5cCaJ1rFDP8hCJWOSP00t7dIw++QWdEKL9JJaOWzQD414N5tvsnATICs='
/** reference §2 vector 2 (RSA-2048). */
export const RSA_ID = 'QmUfSFm12eYCaRdypg48m8RqkXfLW7A2ZeGZb2skeHHDGA'
export const RSA_KEY =
  'CAASqAkwggSkAgEAAoIBAQDpT16IRF6bb9tHsCbQ7M+nb2aI8sz8xyt8PoAWM42ki+SNoESIxKb4UhFxixKvtEdGxNE6aUUVc8kFk6wTStJ/X3IGiMetwkXiFiUxabUF/8A6SyvnSVDm+wFuavugpVrZikjLcfrf2xOVgnG3deQQvd/qbAv14jTwMFl+T+8d/cXBo8Mn/leLZCQun/EJEnkXP5MjgNI8XcWUE4NnH3E0ESSm6Pkm8MhMDZ2fmzNgqEyJ0GVinNgSml3Pyha3PBSj5LRczLip/ie4QkKx5OHvX2L3sNv/JIUHse5HSbjZ1c/4oGCYMVTYCykWiczrxBUOlcr8RwnZLOm4n2bCt5ZhAgMBAAECggEAVkePwfzmr7zR7tTpxeGNeXHtDUAdJm3RWwUSASPXgb5qKyXVsm5nAPX4lXDE3E1i/nzSkzNS5PgIoxNVU10cMxZs6JW0okFx7oYaAwgAddN6lxQtjD7EuGaixN6zZ1k/G6vT98iS6i3uNCAlRZ9HVBmjsOF8GtYolZqLvfZ5izEVFlLVq/BCs7Y5OrDrbGmn3XupfitVWYExV0BrHpobDjsx2fYdTZkmPpSSvXNcm4Iq2AXVQzoqAfGo7+qsuLCZtVlyTfVKQjMvE2ffzN1dQunxixOvev/fz4WSjGnRpC6QLn6Oqps9+VxQKqKuXXqUJC+U45DuvA94Of9MvZfAAQKBgQD7xmXueXRBMr2+0WftybAV024ap0cXFrCAu+KWC1SUddCfkiV7e5w+kRJx6RH1cg4cyyCL8yhHZ99Z5V0Mxa/b/usuHMadXPyX5szVI7dOGgIC9q8IijN7B7GMFAXc8+qC7kivehJzjQghpRRAqvRzjDls4gmbNPhbH1jUiU124QKBgQDtOaW5/fOEtOq0yWbDLkLdjImct6oKMLhENL6yeIKjMYgifzHb2adk7rWG3qcMrdgaFtDVfqv8UmMEkzk7bSkovMVj3SkLzMz84ii1SkSfyaCXgt/UOzDkqAUYB0cXMppYA7jxHa2OY8oEHdBgmyJXdLdzJxCp851AoTlRUSePgQKBgQCQgKgUHOUaXnMEx88sbOuBO14gMg3dNIqM+Ejt8QbURmI8k3arzqA4UK8Tbb9+7b0nzXWanS5q/TT1tWyYXgW28DIuvxlHTA01aaP6WItmagrphIelERzG6f1+9ib/T4czKmvROvDIHROjq8lZ7ERs5Pg4g+sbh2VbdzxWj49EQQKBgFEna36ZVfmMOs7mJ3WWGeHY9ira2hzqVd9fe+1qNKbHhx7mDJR9fTqWPxuIh/Vac5dZPtAKqaOEO8OQ6f9edLou+ggT3LrgsS/B3tNGOPvA6mNqrk/Yf/15TWTO+I8DDLIXc+lokbsogC+wU1z5NWJd13RZZOX/JUi63vTmonYBAoGBAIpglLCH2sPXfmguO6p8QcQcv4RjAU1c0GP4P5PNN3Wzo0ItydVd2LHJb6MdmL6ypeiwNklzPFwTeRlKTPmVxJ+QPg1ct/3tAURN/D40GYw9ojDhqmdSl4HW4d6gHS2lYzSFeU5jkG49y5nirOOoEgHy95wghkh6BfpwHujYJGw4'

/** The exact bytes `ipfs-cluster-service init` writes (crdt + pebble, secret DEFAULT_SECRET, peername "peername"). */
export async function defaultServiceJson(): Promise<string> {
  return readFile(new URL('./fixtures/default-service.json', import.meta.url), 'utf8')
}

/**
 * Temp folders under os.tmpdir(): `make()` creates one, and every folder made is removed by the
 * `after` hook this registers in the calling describe block.
 */
export function tempDirs(prefix = 'icc-unit-'): {make: () => Promise<string>} {
  const dirs: string[] = []
  after(async () => {
    for (const d of dirs) await rm(d, {recursive: true, force: true})
  })
  return {
    make: async () => {
      const d = await mkdtemp(join(tmpdir(), prefix))
      dirs.push(d)
      return d
    },
  }
}

/** Runs `fn`, expects it to throw (sync or async), and returns the error. */
export async function caught(fn: () => unknown): Promise<Error> {
  try {
    await fn()
  } catch (error) {
    return error as Error
  }
  expect.fail('expected an error, but nothing was thrown')
}

/** Expects `fn` to throw a UserError with this exit code; returns it. */
export async function expectUserError(fn: () => unknown, exitCode: number): Promise<UserError> {
  const error = await caught(fn)
  expect(error, `expected a UserError, got ${error}`).to.be.instanceOf(UserError)
  expect((error as UserError).exitCode, (error as Error).message).to.equal(exitCode)
  return error as UserError
}

export const clone = <T>(v: T): T => structuredClone(v)
