// Writes the "your data" scenario's sample: a synthetic table with the column
// schema of UCI census-income (KDD), the file the MMoE paper (§6.1) takes its
// two tasks from: income above 50,000 and marital status "Never married".
//
// No census row is in it. Real census rows cannot be downloaded here, so each
// person is drawn from a small model of ours whose dependencies are plausible,
// not measured: age drives education, marriage, work and income; education and
// the hours worked drive the occupation and income; sex shifts income. So the
// two tasks share a cause (age), as the paper's pair does, and a student can
// watch what sharing does with it. Values are spelled as in the real file
// (a leading space, income as " - 50000." / " 50000+."), so a condition written
// for the real file works on this one and back.
//
//   node scripts/census-sample.mjs [rows] > static/data/census-sample.csv
//
// Deterministic: the same rows give the same bytes (tests/e2e/sample.test.mjs
// regenerates the shipped file and compares).

const ROWS = Number(process.argv[2] ?? 6000);

/** splitmix32: a small seeded generator, so the file is the same on every machine. */
function generator(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}
const random = generator(20261129);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const chance = (p) => random() < p;
/** One of `options` ([value, weight] pairs). */
function pick(options) {
  const total = options.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [value, w] of options) if ((r -= w) < 0) return value;
  return options[options.length - 1][0];
}
const sigmoid = (z) => 1 / (1 + Math.exp(-z));
const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

// Education levels from lowest to highest, with the years they stand for.
const EDUCATION = [
  [' Children', 0], [' Less than 1st grade', 1], [' 1st 2nd 3rd or 4th grade', 3], [' 5th or 6th grade', 6],
  [' 7th and 8th grade', 8], [' 9th grade', 9], [' 10th grade', 10], [' 11th grade', 11],
  [' 12th grade no diploma', 12], [' High school graduate', 12], [' Some college but no degree', 13],
  [' Associates degree-occup /vocational', 14], [' Associates degree-academic program', 14],
  [' Bachelors degree(BA AB BS)', 16], [' Masters degree(MA MS MEng MEd MSW MBA)', 18],
  [' Prof school degree (MD DDS DVM LLB JD)', 19], [' Doctorate degree(PhD EdD)', 20],
];
const OCCUPATIONS = [
  // [major occupation code, years of education it favours]
  [' Executive admin and managerial', 15], [' Professional specialty', 17], [' Technicians and related support', 14],
  [' Sales', 13], [' Adm support including clerical', 13], [' Precision production craft & repair', 12],
  [' Machine operators assmblrs & inspctrs', 11], [' Transportation and material moving', 11],
  [' Handlers equip cleaners etc ', 10], [' Farming forestry and fishing', 10], [' Other service', 11],
  [' Protective services', 13], [' Private household services', 9],
];
const INDUSTRIES = [
  ' Retail trade', ' Manufacturing-durable goods', ' Manufacturing-nondurable goods', ' Education',
  ' Hospital services', ' Construction', ' Finance insurance and real estate', ' Business and repair services',
  ' Public administration', ' Transportation', ' Personal services except private HH', ' Other professional services',
  ' Medical except hospital', ' Wholesale trade', ' Agriculture', ' Communications',
];
const STATES = [' California', ' Utah', ' Florida', ' North Carolina', ' Abroad', ' Oklahoma', ' Minnesota', ' Texas', ' New York', ' Ohio'];
const COUNTRIES = [[' United-States', 88], [' Mexico', 4], [' Philippines', 1], [' Germany', 1], [' Puerto-Rico', 1], [' Canada', 1], [' India', 1], [' ?', 3]];

const HEADER = [
  'age', 'class of worker', 'detailed industry recode', 'detailed occupation recode', 'education', 'wage per hour',
  'enroll in edu inst last wk', 'marital stat', 'major industry code', 'major occupation code', 'race', 'hispanic origin',
  'sex', 'member of a labor union', 'reason for unemployment', 'full or part time employment stat', 'capital gains',
  'capital losses', 'dividends from stocks', 'tax filer stat', 'region of previous residence',
  'state of previous residence', 'detailed household and family stat', 'detailed household summary in household',
  'instance weight', 'migration code-change in msa', 'migration code-change in reg', 'migration code-move within reg',
  'live in this house 1 year ago', 'migration prev res in sunbelt', 'num persons worked for employer',
  'family members under 18', 'country of birth father', 'country of birth mother', 'country of birth self',
  'citizenship', 'own business or self employed', "fill inc questionnaire for veteran's admin", 'veterans benefits',
  'weeks worked in year', 'year', 'income',
];

function person() {
  const age = Math.round(clamp(pick([[5 + random() * 13, 24], [18 + random() * 47, 60], [65 + random() * 25, 16]]), 0, 90));
  const sex = chance(0.52) ? ' Female' : ' Male';
  const child = age < 16;
  // education: years grow with age up to ~24, then a person keeps their level
  const years = child ? 0 : clamp(Math.round(10 + Math.min(age - 16, 8) * 0.3 + normal() * 2.4), 1, 20);
  const levels = EDUCATION.filter(([, y]) => y <= years && y > 0);
  const education = child ? EDUCATION[0][0] : levels[Math.max(0, levels.length - 1 - Math.floor(random() * 2))][0];
  const enrolled = age >= 16 && age < 25 && chance(0.45) ? (chance(0.7) ? ' College or university' : ' High school') : ' Not in universe';
  // marriage: "Never married" is most people under 25 and few past 40
  const married = child ? 0 : sigmoid((age - 27) / 4.5 + (sex === ' Female' ? 0.4 : 0) + normal() * 0.5);
  let marital = ' Never married';
  if (!child && chance(married)) {
    marital = pick([[' Married-civilian spouse present', 70], [' Divorced', 13], [' Widowed', age > 60 ? 14 : 2], [' Separated', 3], [' Married-spouse absent', 2]]);
  }
  // work: adults work more weeks when they have more education, less past 62
  const works = !child && chance(sigmoid(2.2 + (years - 12) * 0.15 - (age > 62 ? 2.6 : 0) - (enrolled !== ' Not in universe' ? 1.2 : 0)));
  const weeks = works ? Math.round(clamp(52 - Math.abs(normal()) * (years > 13 ? 4 : 10), 1, 52)) : 0;
  const occupation = works
    ? pick(OCCUPATIONS.map(([name, y]) => [name, Math.exp(-((years - y) ** 2) / 8)]))
    : ' Not in universe';
  const industry = works ? INDUSTRIES[Math.floor(random() * INDUSTRIES.length)] : ' Not in universe or children';
  const selfEmployed = works && chance(0.1);
  const worker = !works
    ? ' Not in universe'
    : selfEmployed
      ? pick([[' Self-employed-not incorporated', 6], [' Self-employed-incorporated', 3]])
      : pick([[' Private', 75], [' Local government', 8], [' State government', 4], [' Federal government', 3]]);
  const professional = occupation === ' Professional specialty' || occupation === ' Executive admin and managerial';
  const gains = works && chance(0.04 + years * 0.004) ? Math.round(Math.exp(7 + random() * 3.5)) : 0;
  const losses = works && chance(0.02) ? Math.round(1000 + random() * 2000) : 0;
  const dividends = chance(age > 40 ? 0.18 : 0.06) ? Math.round(Math.exp(3 + random() * 6)) : 0;
  // income above 50,000: education, a career's prime age, full years, sex, marriage, capital
  const prime = -((age - 50) ** 2) / 180;
  const z = -4.6 + 0.42 * (years - 12) + prime + 1.6 * (weeks / 52) + (sex === ' Male' ? 0.8 : 0) +
    (marital === ' Married-civilian spouse present' ? 0.9 : 0) + (professional ? 0.8 : 0) + (gains > 5000 ? 1.8 : 0) +
    (dividends > 1000 ? 0.6 : 0) + normal() * 0.6;
  const rich = works && chance(sigmoid(z));
  const wage = works && !rich && chance(0.12) ? Math.round(400 + random() * 1800) : 0;
  const household = child
    ? ' Child under 18 never married'
    : marital.startsWith(' Married')
      ? (sex === ' Male' ? ' Householder' : ' Spouse of householder')
      : pick([[' Householder', 45], [' Child 18 or older', age < 30 ? 40 : 3], [' Other relative of householder', 8], [' Nonrelative of householder', 8]]);
  const moved = chance(age < 35 ? 0.25 : 0.1);
  const bornAbroad = pick(COUNTRIES);
  const row = [
    age, worker, works ? Math.floor(random() * 51) : 0, works ? Math.floor(random() * 46) : 0, education, wage,
    enrolled, marital, industry, occupation,
    pick([[' White', 84], [' Black', 10], [' Asian or Pacific Islander', 3], [' Amer Indian Aleut or Eskimo', 1], [' Other', 2]]),
    pick([[' All other', 90], [' Mexican (Mexicano)', 4], [' Mexican-American', 3], [' Puerto Rican', 2], [' Other Spanish', 1]]),
    sex, works && chance(0.1) ? ' Yes' : ' Not in universe', !works && age >= 16 && age < 65 && chance(0.1) ? ' Job loser - on layoff' : ' Not in universe',
    child ? ' Children or Armed Forces' : !works ? ' Not in labor force' : weeks > 40 ? ' Full-time schedules' : ' PT for non-econ reasons usually FT',
    gains, losses, dividends,
    child ? ' Nonfiler' : marital.startsWith(' Married') ? ' Joint both under 65' : works ? ' Single' : ' Nonfiler',
    moved ? pick([[' South', 3], [' West', 2], [' Midwest', 2], [' Northeast', 2], [' Abroad', 1]]) : ' Not in universe',
    moved ? STATES[Math.floor(random() * STATES.length)] : ' Not in universe',
    household.trim() === 'Householder' ? ' Householder' : household,
    child ? ' Child under 18 never married' : household.includes('Child') ? ' Child 18 or older' : household,
    Math.round((800 + random() * 3200) * 100) / 100,
    moved ? ' MSA to MSA' : ' Nonmover', moved ? ' Same county' : ' Nonmover', moved ? ' Same county' : ' Nonmover',
    moved ? ' No' : ' Yes', moved ? pick([[' Yes', 1], [' No', 2]]) : ' Not in universe',
    works ? Math.min(6, 1 + Math.floor(random() * 6)) : 0,
    child ? ' Both parents present' : ' Not in universe',
    bornAbroad, chance(0.9) ? bornAbroad : pick(COUNTRIES), chance(0.85) ? bornAbroad : ' United-States',
    bornAbroad === ' United-States' ? ' Native- Born in the United States' : chance(0.5) ? ' Foreign born- Not a citizen of U S' : ' Foreign born- U S citizen by naturalization',
    selfEmployed ? 1 : 0, age > 55 && sex === ' Male' && chance(0.08) ? ' Yes' : ' Not in universe',
    child ? 0 : 2, weeks, chance(0.5) ? 94 : 95, rich ? ' 50000+.' : ' - 50000.',
  ];
  return row;
}

/** A CSV field: quoted when it holds a comma, a quote or a newline. */
const field = (v) => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

const lines = [HEADER.map(field).join(',')];
for (let i = 0; i < ROWS; i += 1) lines.push(person().map(field).join(','));
process.stdout.write(`${lines.join('\n')}\n`);
