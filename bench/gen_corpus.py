"""Write N synthetic articles in the register of the real ones, reproducibly from a seed.

Each article is a policy brief about one country: the missions deployed there, the states that
contribute to them, the agencies and donors that fund and implement programmes, the armed groups
they face, and invented persons and organisations (which the extractor has to discover). Sentences
are drawn from templates for every predicate plus connective prose carrying the topic phrases, so
that the article lengths (500–2,000 words), the density of names and the mix of relations look like
the bundled sample's.

    python bench/gen_corpus.py 10000 -o /tmp/corpus --seed 7
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.extract import load_knowledge  # noqa: E402

FIRST = ("Amina Jean-Pierre Fatoumata Lars Ingrid Kwame Nadia Oleksandr Mariam Tomás Aisha Samuel Grace Ibrahim "
         "Elena Moussa Hannah Joseph Lucia Ahmed Sofia Daniel Chiara Yusuf Marta Pierre Esther Ali Rosa Musa").split()
LAST = ("Diallo Mbeki Okonkwo Lindqvist Haddad Kouyaté Petrov Ferreira Nakamura Mensah Traoré Kamara Obi "
        "Johansson Rahman Duarte Keita Moreau Abebe Nkurunziza Castillo Ouédraogo Hassan Novak Achieng Sall "
        "Fitzgerald Bangura Tshisekedi Van der Berg").split()
ORG_HEADS = ("Centre for {} Studies", "Institute for {} and Development", "{} Research Network",
             "Network for {} in Africa", "Foundation for {} Dialogue", "Observatory of {}")
ORG_THEMES = ("Peace", "Security", "Conflict", "Governance", "Justice", "Mediation", "Strategic", "Human Security")
TITLES = ("Special Representative of the Secretary-General", "Force Commander", "Minister of Defence",
          "Minister of Foreign Affairs", "Head of Mission", "Police Commissioner", "Ambassador", "Director")

RELATION = {
    "deployedIn": ["{m} has been deployed in {c} since {y}.",
                   "The {m} mission in {c} was extended for another year in {y}.",
                   "{m}, which operates in {c}, now has fewer than {n:,} personnel."],
    "contributesTo": ["{s} contributes troops to {m}.",
                      "{s} has deployed a battalion of {n:,} soldiers to {m}.",
                      "Police units from {s} serve with {m}."],
    "funds": ["{s} funds {p}.", "{s} provided {n} million dollars to {p} in {y}.",
              "{p} is financed by {s} and other donors."],
    "implements": ["{a} implements {p} in several provinces.", "{p} is implemented by {a}.",
                   "{a} runs {p} with local partners."],
    "supports": ["{a} supports {m} with logistics and training.", "{s} backed {m} in the Security Council.",
                 "{a} provided technical support to {g}."],
    "opposes": ["{x} clashed with {m} near the border in {y}.", "{x} attacked positions held by {g}.",
                "{s} imposed sanctions on {x}."],
    "requests": ["{g} requested assistance from {a}.", "{c} asked {a} to help organise the elections.",
                 "The government of {c} called on {m} to protect civilians in the east."],
    "memberOf": ["{s} is a member of {b}.", "{s}, a member of {b}, voted for the resolution."],
    "leads": ["{person}, the {title} of {m}, visited the region in {y}.",
              "{m} is led by {title} {person}.", "{person} heads {org}."],
    "partOf": ["{m} reports to {b}.", "{org} is part of a regional network of research centres."],
}
PROSE = [
    "Observers note that {t1} remains slow, and that progress on {t2} depends on political will.",
    "The report argues that {t1} cannot succeed without a credible plan for {t2}.",
    "Local officials said the situation had improved, although incidents continued in rural areas.",
    "In interviews, residents described the difficulty of reaching markets and clinics.",
    "A review in {y} found that the budget for {t1} was spent unevenly across provinces.",
    "Several donors have questioned whether the current approach to {t1} is sustainable.",
    "The next steps include a national dialogue, a review of the legal framework and new funding.",
    "Civil society groups called for more attention to {t1} and {t2} in the coming year.",
    "These figures are estimates and should be read with care.",
    "The mandate will be reviewed again next year, when the Council considers the transition.",
]


class Corpus:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        k = load_knowledge(ROOT / "data")
        by_type: dict[str, list] = {}
        for a in k.registry.actors.values():
            by_type.setdefault(a.type, []).append(a)
        self.missions = [m for m in by_type.get("Mission", []) if m.deployed_in]
        self.states = by_type["Government"]
        self.state_by_key = {s.key: s for s in self.states}
        self.agencies = by_type.get("Agency", [])
        programmes = by_type.get("Programme", [])
        plain = [p for p in programmes if not re.search(r"Agreement|Accord|Resolution|Declaration", p.label)]
        self.programmes = plain or programmes
        self.groups = by_type.get("ArmedGroup", [])
        self.bodies = [a for a in self.agencies if a.key in ("UNSC", "AU", "EU", "ECOWAS", "NATO", "SADC", "IGAD")]
        self.bodies = self.bodies or self.agencies[:5]
        self.topics = [t.label for t in k.topics.topics.values()]

    def name(self, a, first: set) -> str:
        """The full name (and acronym) the first time an actor is named, a short form after."""
        if a.key in first:
            return a.acronym or a.label
        first.add(a.key)
        return f"the {a.label} ({a.acronym})" if a.acronym and a.type != "Government" else a.label

    def article(self, i: int) -> tuple[str, str]:
        rng = self.rng
        mission = rng.choice(self.missions)
        country = self.state_by_key.get(mission.deployed_in[0]) or rng.choice(self.states)
        contributors = rng.sample(self.states, 4)
        agencies = rng.sample(self.agencies, 4)
        programmes = rng.sample(self.programmes, 2) if len(self.programmes) >= 2 else agencies[:2]
        group = rng.choice(self.groups) if self.groups else rng.choice(self.agencies)
        body = rng.choice(self.bodies)
        people = [(f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(TITLES)) for _ in range(3)]
        theme = rng.choice(ORG_THEMES)
        org_name = rng.choice(ORG_HEADS).format(theme)
        org = f"the {org_name} ({''.join(w[0] for w in org_name.split() if w[0].isupper())})"
        day = date(2010, 1, 1) + timedelta(days=rng.randrange(5800))
        first: set = set()
        target = int(rng.triangular(500, 2000, 600))  # most briefs are short: a mean of about 1,000
        t1, t2 = rng.sample(self.topics, 2)
        title = f"{mission.acronym or mission.label} and the Politics of {t1.title()} in {country.label}"
        author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        lines = [title, "", f"By {author}, {day.isoformat()}", ""]
        words = 0
        para: list[str] = []
        while words < target:
            if rng.random() < 0.55:
                pred = rng.choice(list(RELATION))
                person, ptitle = rng.choice(people)
                values = dict(m=self.name(mission, first), c=country.label, s=rng.choice(contributors).label,
                              a=self.name(rng.choice(agencies), first), p=self.name(rng.choice(programmes), first),
                              g=f"the government of {country.label}", x=self.name(group, first),
                              b=self.name(body, first), person=person, title=ptitle, org=org,
                              y=rng.randint(2005, day.year), n=rng.randint(2, 900) * 10)
                sentence = rng.choice(RELATION[pred]).format(**values)
            else:
                sentence = rng.choice(PROSE).format(t1=rng.choice([t1, t2]), t2=rng.choice(self.topics),
                                                    y=rng.randint(2005, day.year))
            sentence = sentence[0].upper() + sentence[1:]
            para.append(sentence)
            words += len(sentence.split())
            if len(para) >= rng.randint(4, 8):
                lines += [" ".join(para), ""]
                para = []
        if para:
            lines.append(" ".join(para))
        return f"synthetic-{i:06d}", "\n".join(lines) + "\n"


def write_corpus(n: int, folder: Path, seed: int = 7) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(seed)
    paths = []
    for i in range(1, n + 1):
        name, text = corpus.article(i)
        p = folder / f"{name}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="How many articles.")
    ap.add_argument("-o", "--output", type=Path, required=True, help="Folder to write them to.")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    paths = write_corpus(args.n, args.output, args.seed)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"wrote {len(paths)} articles, {words:,} words, to {args.output}")


if __name__ == "__main__":
    main()
