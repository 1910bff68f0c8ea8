// Writes the breadth fixtures under test/fixtures/breadth/: a few hand-written items per dataset in
// the exact Hugging Face layouts (file paths, column names and types) of cais/mmlu, Rowan/hellaswag,
// allenai/winogrande and allenai/ai2_arc. The real sets cannot be downloaded on the build machines;
// these exercise every formatting rule lm-evaluation-harness applies (HellaSwag's bracket removal
// and capitalisation, WinoGrande's blank, ARC's numeric labels and 3/5-choice items, MMLU's dev split).
// Run: node scripts/make-breadth-fixtures.mjs (the output is committed; rerunning rewrites it).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ByteWriter, parquetWrite } from 'hyparquet-writer';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'breadth');
const str = (name) => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });
const int = (name) => ({ name, type: 'INT64', repetition_type: 'OPTIONAL' });
const strList = (name) => [
  { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
];

function write(rel, schema, rows) {
  const file = join(root, rel);
  mkdirSync(dirname(file), { recursive: true });
  // top-level columns: the direct children of the root element, in order
  const names = [];
  const left = [schema[0].num_children];
  for (const el of schema.slice(1)) {
    if (left.length === 1) names.push(el.name);
    left[left.length - 1]--;
    if (el.num_children) left.push(el.num_children);
    while (left.length > 1 && left[left.length - 1] === 0) left.pop();
  }
  const writer = new ByteWriter();
  parquetWrite({
    writer, schema, createdBy: 'rlcf make-breadth-fixtures',
    columnData: names.map((n) => ({ name: n, data: rows.map((r) => (typeof r[n] === 'number' ? BigInt(r[n]) : r[n])) })),
  });
  writeFileSync(file, Buffer.from(writer.getBuffer()));
}

// ---- cais/mmlu: <subject>/{test,dev}-00000-of-00001.parquet; question, subject, choices, answer (0-3)
const mmluSchema = [{ name: 'schema', num_children: 4 }, str('question'), str('subject'), ...strList('choices'), int('answer')];
const mmlu = {
  abstract_algebra: {
    dev: [
      ['Find all c in Z_3 such that Z_3[x]/(x^2 + c) is a field.', ['0', '1', '2', '3'], 1],
      ['Statement 1 | If aH is an element of a factor group, then |aH| divides |a|. Statement 2 | If H and K are subgroups of G then HK is a subgroup of G.', ['True, True', 'False, False', 'True, False', 'False, True'], 1],
      ['The order of the element 5 in the group Z_12 is', ['2', '4', '6', '12'], 3],
    ],
    test: [
      ['How many elements does the symmetric group S_3 have?', ['3', '6', '9', '27'], 1],
      ['  The identity element of the group of nonzero rationals under multiplication is  ', ['0', '1', '-1', 'none of these'], 1],
      ['Which of these rings has zero divisors?', ['Z', 'Q', 'Z_6', 'R'], 2],
      ['The characteristic of the ring 2Z is', ['0', '2', '3', '12'], 0],
    ],
  },
  high_school_geography: {
    dev: [
      ['Which of the following is a renewable resource?', ['coal', 'natural gas', 'wind', 'uranium'], 2],
      ['The largest ocean on Earth is the', ['Atlantic', 'Indian', 'Arctic', 'Pacific'], 3],
      ['A line of latitude is also called a', ['meridian', 'parallel', 'isobar', 'contour'], 1],
    ],
    test: [
      ['Which river flows through Cairo?', ['the Nile', 'the Niger', 'the Congo', 'the Zambezi'], 0],
      ['Population density is the number of people per unit of', ['time', 'income', 'area', 'housing'], 2],
      ['The Sahel is a transition zone south of which desert?\nChoose one.', ['Gobi', 'Kalahari', 'Atacama', 'Sahara'], 3],
    ],
  },
};
for (const [subject, splits] of Object.entries(mmlu)) {
  for (const [split, items] of Object.entries(splits)) {
    write(`mmlu/${subject}/${split}-00000-of-00001.parquet`, mmluSchema,
      items.map(([question, choices, answer]) => ({ question, subject, choices, answer })));
  }
}

// ---- Rowan/hellaswag: data/validation-00000-of-00001.parquet (label is a string)
const hsSchema = [{ name: 'schema', num_children: 10 }, int('ind'), str('activity_label'), str('ctx_a'), str('ctx_b'), str('ctx'),
  ...strList('endings'), str('source_id'), str('split'), str('split_type'), str('label')];
const hs = [
  [24, 'Roof shingle removal', 'A man is sitting on a roof.', 'he', ['is using wrap to wrap a pair of skis.', 'is ripping level tiles off.', "is holding a rubik's cube.", 'starts pulling up roofing on a roof.'], '3', 'activitynet~v_-JhWjGDPHMY', 'indomain'],
  [92, 'Clean and jerk', 'A lady walks to a barbell. She bends down and grabs the pole.', 'the lady', ['swings and lands in her arms.', 'pulls the barbell forward.', 'pulls a rope attached to the barbell.', 'stands and lifts the weight over her head.'], '3', 'activitynet~v_-lJS58hyo1c', 'zeroshot'],
  [4051, 'Home and Garden', '[header] How to grow tomatoes [title] Choose a sunny spot. [step] Tomatoes need six hours of sun.', 'You WILL', ['[substeps] water them every morning at the roots.', 'paint the fence a bright color [title] then rest.', 'need to plant them in  loose soil.', 'want to [step] sell the house.'], '0', 'wikihow~6633', 'indomain'],
  [4100, 'Personal Care and Style', '[header] How to tie a tie [title] Drape the tie around your neck.', '', ['[step] Cross the wide end over the narrow end.', 'Eat the tie.', 'Throw the tie [title] away.', 'Run to the store.'], '0', 'wikihow~7001', 'zeroshot'],
  [501, 'Playing guitar', 'A boy holds a guitar on his lap and strums it.', 'he', ['puts the guitar down and walks away.', 'tunes one string, then keeps playing a song.', 'eats a sandwich.', 'jumps into a pool.'], '1', 'activitynet~v_xyz', 'indomain'],
];
write('hellaswag/data/validation-00000-of-00001.parquet', hsSchema, hs.map(([ind, activity_label, ctx_a, ctx_b, endings, label, source_id, split_type]) => ({
  ind, activity_label, ctx_a, ctx_b, ctx: ctx_b ? `${ctx_a} ${ctx_b}` : ctx_a, endings, source_id, split: 'val', split_type, label,
})));

// ---- allenai/winogrande: winogrande_xl/validation-00000-of-00001.parquet (answer "1" or "2")
const wgSchema = [{ name: 'schema', num_children: 4 }, str('sentence'), str('option1'), str('option2'), str('answer')];
const wg = [
  ['Sarah was a much better surgeon than Maria so _ always got the harder cases.', 'Sarah', 'Maria', '1'],
  ['The trophy does not fit into the brown suitcase because the _ is too small.', 'trophy', 'suitcase', '2'],
  ['John moved the couch from the garage to the backyard to create space. The _ is small.', 'garage', 'backyard', '1'],
  ['The cake was left out in the rain, so the _ was ruined and the picnic plate stayed dry.', 'cake', 'plate', '1'],
  ['Kevin lent his car to Tom because _ needed a ride to work.', 'Kevin', 'Tom', '2'],
];
write('winogrande/winogrande_xl/validation-00000-of-00001.parquet', wgSchema,
  wg.map(([sentence, option1, option2, answer]) => ({ sentence, option1, option2, answer })));

// ---- allenai/ai2_arc: ARC-Challenge/test-00000-of-00001.parquet (parquet), ARC-Easy/test.jsonl
// (the same rows as `datasets` to_json writes them); choices is a struct of two lists
const arcSchema = [{ name: 'schema', num_children: 4 }, str('id'), str('question'),
  { name: 'choices', repetition_type: 'OPTIONAL', num_children: 2 },
  { name: 'text', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  { name: 'label', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
  str('answerKey')];
const arc = (id, question, texts, labels, answerKey) => ({ id, question, choices: { text: texts, label: labels }, answerKey });
const challenge = [
  arc('Mercury_7175875', 'An astronomer observes that a planet rotates faster after a meteorite impact. Which is the most likely effect of this increase in rotation?',
    ['Planetary density will decrease.', 'Planetary years will become longer.', 'Planetary days will become shorter.', 'Planetary gravity will become stronger.'], ['A', 'B', 'C', 'D'], 'C'),
  arc('NYSEDREGENTS_2015_4_8', 'Which tool is used to measure the mass of a rock?', ['ruler', 'balance', 'thermometer'], ['1', '2', '3'], '2'),
  arc('Mercury_SC_401', 'Which process moves water from the ocean into the air?', ['condensation', 'precipitation', 'evaporation', 'runoff', 'freezing'], ['A', 'B', 'C', 'D', 'E'], 'C'),
  arc('MCAS_2004_5_12', 'A student mixes salt into water. What kind of mixture is formed?', ['a solution', 'a suspension', 'an alloy', 'a colloid'], ['A', 'B', 'C', 'D'], 'A'),
];
write('arc/ARC-Challenge/test-00000-of-00001.parquet', arcSchema, challenge);
const easy = [
  arc('Mercury_417466', 'Which statement best explains why photosynthesis is the foundation of most food webs?',
    ['Sunlight is the source of energy for nearly all ecosystems.', 'Most ecosystems are found on land instead of in water.', 'Carbon dioxide is more available than other gases.', 'The producers in all ecosystems are plants.'], ['A', 'B', 'C', 'D'], 'A'),
  arc('Mercury_7220990', 'Which of these is a source of light?', ['the Moon', 'a mirror', 'the Sun', 'a window'], ['A', 'B', 'C', 'D'], 'C'),
  arc('ACTAAP_2009_5_3', 'What do plants need to make food?', ['sunlight', 'soil only', 'darkness', 'salt'], ['1', '2', '3', '4'], '1'),
];
mkdirSync(join(root, 'arc', 'ARC-Easy'), { recursive: true });
writeFileSync(join(root, 'arc', 'ARC-Easy', 'test.jsonl'), easy.map((r) => JSON.stringify(r)).join('\n') + '\n');
rmSync(join(root, 'README.md'), { force: true });
writeFileSync(join(root, 'README.md'), '# Breadth fixtures\n\nHand-written items in the Hugging Face layouts of cais/mmlu, Rowan/hellaswag, allenai/winogrande and\nallenai/ai2_arc (not the real sets: those cannot be downloaded here). Written by\n`node scripts/make-breadth-fixtures.mjs`.\n');
console.log(`wrote ${root}`);
