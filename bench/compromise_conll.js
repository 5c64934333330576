// Tags a CoNLL file with compromise (the npm NLP library) so that the
// project's scorer can judge it: `winnow train ner --eval GOLD --predicted
// OUT` (used by bench/compromise.sh).
//
//   node compromise_conll.js GOLD.conll > OUT.conll
//
// Each document of GOLD (split at -DOCSTART-) becomes one text: its tokens
// joined by spaces, its sentences by newlines, which is how winnow tag sees
// running text. compromise's people, places and organisations become PER,
// LOC and ORG (it has no MISC); a token is inside an entity when its
// characters overlap the entity's, the first such token gets B-, the others
// I-, and where two entities overlap the first found keeps the token.
// Output: one "TOKEN TAG" line per token, sentences and documents as in GOLD.
const fs = require('fs');
const nlp = require('compromise');

const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n');
const docs = [];
let doc = { sents: [] }, sent = [];
const endSent = () => { if (sent.length) doc.sents.push(sent); sent = []; };
for (const line of lines) {
  const t = line.trim();
  if (t === '') { endSent(); continue; }
  const tok = t.split(/\s+/)[0];
  if (tok === '-DOCSTART-') {
    endSent();
    if (doc.sents.length) docs.push(doc);
    doc = { sents: [] };
    continue;
  }
  sent.push(tok);
}
endSent();
if (doc.sents.length) docs.push(doc);

const types = [['people', 'PER'], ['places', 'LOC'], ['organizations', 'ORG']];
const out = [];
for (const d of docs) {
  const starts = [], ends = [], toks = [];
  let text = '';
  d.sents.forEach((s, i) => {
    if (i) text += '\n';
    s.forEach((w, j) => {
      if (j) text += ' ';
      starts.push(text.length);
      text += w;
      ends.push(text.length);
      toks.push(w);
    });
  });
  const tags = new Array(toks.length).fill('O');
  const doc = nlp(text);
  for (const [fn, type] of types) {
    for (const m of doc[fn]().json({ offset: true })) {
      const a = m.offset.start, b = a + m.offset.length;
      let first = true;
      for (let k = 0; k < toks.length; k++) {
        if (ends[k] <= a || starts[k] >= b) continue;
        if (tags[k] !== 'O') { first = false; continue; }
        tags[k] = (first ? 'B-' : 'I-') + type;
        first = false;
      }
    }
  }
  out.push('-DOCSTART- O', '');
  let k = 0;
  for (const s of d.sents) {
    for (let j = 0; j < s.length; j++, k++) out.push(toks[k] + ' ' + tags[k]);
    out.push('');
  }
}
process.stdout.write(out.join('\n') + '\n');
