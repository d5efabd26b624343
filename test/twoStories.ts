// A second story beside the seeds, written here: two articles about a dam
// agreement that share a catchphrase with the seeds ("hold direct talks") and
// reprint one seed quote word for word as background. Used by
// storyLinks.test.ts and cli.test.ts.

const SIBGHAT = 'The peace process definitely needs to be carried out under the leadership of the Islamic Republic of Afghanistan. We will not participate in the Moscow talks,';

export const DAM_A = `Afghanistan and Iran Sign Helmand River Water Deal

Herat, March 3 — Officials from Afghanistan and Iran signed an agreement on Saturday to share the waters of the Helmand River, ending a dispute over the Kamal Khan dam that had simmered for two decades.

Under the deal, the Kamal Khan dam in Nimroz province will release 820 million cubic metres of water a year to the Sistan basin, Iran's energy minister Reza Ardakanian told reporters at the signing ceremony in Herat.

Nimroz governor Mohammad Qasim Khalid said farmers downstream had been promised compensation, and that his office would "hold direct talks" with the irrigation cooperatives of Chakhansur before the planting season.

Ardakanian said Tehran would "keep its word" on the water quotas even in years of drought.

Afghan officials have long insisted that foreign policy be led from Kabul. "${SIBGHAT}" the deputy foreign ministry spokesman Sibghat Ahmadi said last year, in a remark officials repeated at the signing.

The first releases from the Kamal Khan reservoir are expected in May, when the spring melt fills the Helmand.
`;

export const DAM_B = `Helmand Water Pact Signed Between Kabul and Tehran

Zaranj, March 4 — The Helmand River agreement signed in Herat on Saturday commits the Kamal Khan dam to release 820 million cubic metres of water to Iran's Sistan basin every year, according to a copy seen by reporters.

Iranian energy minister Reza Ardakanian called the accord a turning point for the drought-stricken Sistan region, where lakes have dried and dust storms have driven thousands from their villages.

In Zaranj, Farid Noori, the head of the engineers union, said the union would "keep its word" to the Chakhansur farmers, who fear for their wheat crop.

Nimroz governor Mohammad Qasim Khalid said the first releases would begin in May with the spring melt, and that water monitors from both countries would be stationed at the dam.
`;
