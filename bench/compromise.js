// Reads JSONL on stdin and extracts people, places and organisations from
// each text with compromise (the npm NLP library), printing the counts.
// Used by bench/compromise.sh for the tag throughput comparison.
const nlp = require('compromise');
const rl = require('readline').createInterface({ input: process.stdin });
let docs = 0, ents = 0;
rl.on('line', (line) => {
  if (!line.trim()) return;
  const d = nlp(JSON.parse(line).text);
  ents += d.people().length + d.places().length + d.organizations().length;
  docs++;
});
rl.on('close', () => console.log(JSON.stringify({ docs, entities: ents })));
