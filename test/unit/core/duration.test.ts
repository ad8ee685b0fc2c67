import {expect} from 'chai'

import {formatDuration, normalizeDuration, parseDuration} from '../../../src/core/duration.js'

const S = 1_000_000_000n
const MS = 1_000_000n

describe('core/duration', () => {
  describe('parseDuration (Go time.ParseDuration)', () => {
    const valid: [string, bigint][] = [
      ['0', 0n],
      ['-0', 0n],
      ['0s', 0n],
      ['90s', 90n * S],
      ['1m30s', 90n * S],
      ['1h0m0s', 3600n * S],
      ['1h', 3600n * S],
      ['24h0m0s', 24n * 3600n * S],
      ['1h30m', 5400n * S],
      ['1.5s', 1500n * MS],
      ['.5s', 500n * MS],
      ['1.s', S],
      ['500ms', 500n * MS],
      ['200ms', 200n * MS],
      ['1us', 1000n],
      ['1µs', 1000n], // U+00B5 micro sign
      ['1μs', 1000n], // U+03BC Greek mu
      ['15ns', 15n],
      ['-1m30s', -90n * S],
      ['+5s', 5n * S],
      ['1.5h', 5400n * S],
    ]
    for (const [text, ns] of valid)
      it(`"${text}" is ${ns} ns`, () => {
        expect(parseDuration(text)).to.equal(ns)
      })

    const invalid = [
      ['1d', 'no d unit'],
      ['', 'empty'],
      ['5', 'missing unit'],
      ['-', 'sign only'],
      ['s', 'unit only'],
      ['.s', 'no digits'],
      ['1x', 'unknown unit'],
      ['1S', 'units are case sensitive'],
      ['1h 30m', 'spaces'],
      [' 1s', 'leading space'],
      ['9999999999h', 'overflow'],
      ['1m30', 'second component without unit'],
    ]
    for (const [text, why] of invalid)
      it(`"${text}" is invalid (${why})`, () => {
        expect(parseDuration(text)).to.equal(undefined)
      })
  })

  describe('formatDuration (Go Duration.String)', () => {
    const cases: [bigint, string][] = [
      [0n, '0s'],
      [90n * S, '1m30s'],
      [3600n * S, '1h0m0s'],
      [24n * 3600n * S, '24h0m0s'],
      [3n * 3600n * S, '3h0m0s'],
      [12n * 60n * S, '12m0s'],
      [30n * S, '30s'],
      [1500n * MS, '1.5s'],
      [500n * MS, '500ms'],
      [50n * MS, '50ms'],
      [1000n, '1µs'],
      [1500n, '1.5µs'],
      [1n, '1ns'],
      [-90n * S, '-1m30s'],
      [3600n * S + 500n * MS, '1h0m0.5s'],
      [61n * S + 1n, '1m1.000000001s'],
    ]
    for (const [ns, text] of cases)
      it(`${ns} ns prints as "${text}"`, () => {
        expect(formatDuration(ns)).to.equal(text)
      })

    it('prints the micro sign U+00B5 like Go, not the Greek mu', () => {
      expect(formatDuration(2000n)).to.equal('2\u00b5s')
    })
  })

  describe('normalizeDuration', () => {
    it('rewrites durations the way the daemon prints them', () => {
      expect(normalizeDuration('90s')).to.equal('1m30s')
      expect(normalizeDuration('60m')).to.equal('1h0m0s')
      expect(normalizeDuration('0')).to.equal('0s')
      expect(normalizeDuration('1us')).to.equal('1µs')
      expect(normalizeDuration('1440m')).to.equal('24h0m0s')
      expect(normalizeDuration('0.5s')).to.equal('500ms')
    })
    it('returns undefined for what Go rejects', () => {
      expect(normalizeDuration('1d')).to.equal(undefined)
      expect(normalizeDuration('')).to.equal(undefined)
      expect(normalizeDuration('5')).to.equal(undefined)
    })
  })
})
