const cp = require('child_process');
function run(userInput) { cp.exec(userInput); eval(userInput); const o = {}; return o[userInput]; }
module.exports = { run };
