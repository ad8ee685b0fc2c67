// Mocha's spec reporter plus the closing line CI reads: "N passed, N failed[, N skipped]".
const Mocha = require('mocha')
const {EVENT_RUN_END} = Mocha.Runner.constants

class Reporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options)
    runner.once(EVENT_RUN_END, () => {
      const {passes, failures, pending} = runner.stats
      console.log(`${passes} passed, ${failures} failed` + (pending ? `, ${pending} skipped` : ''))
    })
  }
}
module.exports = Reporter
