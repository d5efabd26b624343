// Two short made-up stories (three and two articles) that the coverage and
// stories tests put beside the seeds. Written here; nothing is read from disk.
export const MADE_UP_STORIES: Record<string, string> = {
  'bridge-1.txt': `Source: Alder Courier

Port Alder closes Lindqvist Bridge after cracks found in cables

Port Alder closed the Lindqvist Bridge to all traffic on Monday after inspectors found cracks in two of its main suspension cables, the city's transport department said.

"We found cracks in two of the main cables and we will not reopen the bridge until they are replaced," chief engineer Marta Okonkwo told reporters at the harbour.

The repairs will take about six weeks and cost 14 million euros, the department said. Ferries will run every twenty minutes from the north pier while the bridge is shut.

Mayor Henrik Dahl said the city had no choice. "Safety comes first, even if it means long detours for thousands of commuters," Dahl said.
`,
  'bridge-2.txt': `Source: Harbour Daily

Cracked cables shut Lindqvist Bridge in Port Alder

The Lindqvist Bridge in Port Alder was shut on Monday after inspectors discovered cracks in two main suspension cables.

"We found cracks in two of the main cables and we will not reopen the bridge until they are replaced," said Marta Okonkwo, the city's chief engineer.

The department said repairs would take about eight weeks and cost 14 million euros. Extra ferries will leave the north pier every twenty minutes.

Commuters queued for the ferries on Monday evening, and some said they would work from home until the bridge reopens.
`,
  'bridge-3.txt': `Source: Coastline Radio

Lindqvist Bridge closed: what commuters in Port Alder need to know

Port Alder's Lindqvist Bridge is closed to cars, cyclists and pedestrians after cracks were found in two of its main cables on Monday.

Mayor Henrik Dahl defended the decision. "Safety comes first, even if it means long detours for thousands of commuters," he said.

Ferries run every twenty minutes from the north pier. The transport department has not said when the bridge will reopen.
`,
  'museum-1.txt': `Source: Veldhaven Post

Thieves take Ruysdael landscape from Veldhaven museum overnight

Thieves broke into the Veldhaven Municipal Museum early on Sunday and took a small landscape by Jacob van Ruysdael, police said.

"The painting was taken from its frame in less than four minutes, while the alarm was ringing," museum director Ilse Brandt said.

Police said the thieves forced a side door on Kanaalstraat and escaped on a scooter. The painting is insured for 3 million euros.
`,
  'museum-2.txt': `Source: Lowlands Arts Wire

Ruysdael painting stolen from Veldhaven Municipal Museum

A landscape by the Dutch master Jacob van Ruysdael was stolen from the Veldhaven Municipal Museum on Sunday morning.

"The painting was taken from its frame in less than four minutes, while the alarm was ringing," said director Ilse Brandt.

The thieves came in through a side door on Kanaalstraat, according to police, who are looking for two men on a scooter.
`,
};
