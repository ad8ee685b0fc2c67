#!/usr/bin/env node
// A scripted $EDITOR for tests: each run applies the next step of the script in $EDITOR_SCRIPT to the
// file it is given, and records what it was shown (text, mode) in $EDITOR_SCRIPT.log.
// Steps: {"replace": [from, to]} | {"write": text} | {"keep": true} | {"alsoWrite": [path, text]} (with any of them).
import {appendFileSync, existsSync, readFileSync, statSync, writeFileSync} from 'node:fs'

const script = process.env.EDITOR_SCRIPT
const file = process.argv[2]
const counter = `${script}.count`
const n = existsSync(counter) ? Number(readFileSync(counter, 'utf8')) : 0
writeFileSync(counter, String(n + 1))
const step = JSON.parse(readFileSync(script, 'utf8'))[n] ?? {keep: true}
const text = readFileSync(file, 'utf8')
appendFileSync(`${script}.log`, JSON.stringify({file, mode: statSync(file).mode & 0o777, text}) + '\n')
if (step.alsoWrite) writeFileSync(step.alsoWrite[0], step.alsoWrite[1])
if (step.replace) writeFileSync(file, text.replace(step.replace[0], step.replace[1]))
if (step.write !== undefined) writeFileSync(file, step.write)
if (step.exit) process.exit(step.exit)
