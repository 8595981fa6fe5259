"""Proper names typed by their head noun (data/lexicon/heads.csv): "Centre for Security Governance",
"Ministry of Defence", "Doha Document for Peace in Darfur"; a short form of a name met before."""

from __future__ import annotations

import re

from ..model import Actor, Mention
from ..text import UPPER, fold, has_words, word_starts
from ..vocab import slug
from .base import BARE_BODIES, CONNECTORS, STOP_START, _after_role, _tokens

CALENDAR = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
            r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)")
# a capital, then letters (and ' ’ & -) with a "." only inside: [UPPER](?:[\w'’&-]|\.(?=\w))*, written
# as runs between the stops so that re reads a run in one step; it backtracks through the same ends
WORD = rf"[{UPPER}][\w'’&-]*(?:\.(?=\w)[\w'’&-]*)*"
# Heads that name a state's own institution when a state is in view.
STATE_BODY_HEADS = {"Ministry", "Department", "Parliament", "Cabinet", "Senate", "Police", "Army",
                    "Navy", "Forces", "Gendarmerie", "Presidency", "Office", "Assembly",
                    "Council", "Guard", "Commission", "Committee", "Court", "Authority", "Agency", "Bureau",
                    "Tribunal", "Directorate"}
# the words besides head nouns that let a run name an actor (see _proper_name)
_MAY_NAME = frozenset({"Operation"} | BARE_BODIES)
# a capitalised run with its connectors: "Centre for Security Governance", not across months
# (scanned with word_starts(…, hyphen=True): it opens a word, not a hyphenated compound)
PROPER_RUN = re.compile(
    rf"{WORD}(?:(?:[ ]+(?:of|for|and|on|in|the|de|du|des|la|le|to|&))*[ ]+(?!{CALENDAR}\b){WORD})+")

# a dateline: a place (a date) and the agency in brackets, then a dash, opening a paragraph:
# "NAIROBI, Kenya (AP) —", "KINSHASA, Dec 3 (Xinhua) --", "Dakar (APA) –"
DATELINE = re.compile(r"^[A-Z][\w'.-]+(?: [A-Z][\w'.-]+){0,2}(?:,\s*[\w.]+(?: [\w.]+){0,3})?"
                      r"\s*\((?P<outlet>[A-Z][\w .&'-]{1,40}?)\)\s*(?:—|–|-{1,2})\s", re.M)

# names whose head opens them, as French, Spanish and Portuguese write them: "Comité national pour le
# salut du peuple", "Forces de défense et de sécurité", "Frente de Libertação de Moçambique"
# (not those English also writes as words: "do", "no", "con")
ROMANCE_CONNECTORS = {"de", "des", "du", "d'", "d’", "pour", "et", "le", "la", "les", "l'", "l’", "à", "au", "aux",
                      "en", "sur", "contre", "par", "da", "dos", "das", "del", "y", "e", "para", "por"}
ROMANCE_ADJECTIVE = re.compile(r"[a-zà-ÿ]+(?:al|ale|ales|aux|el|elle|elles|ien|ienne|iens|iennes|ais|aise|aises|ois"
                               r"|oise|ique|iques|aire|aires|if|ive|ifs|ives|é|ée|és|ées|eur|eure|eurs|ain|aine|ains"
                               r"|aines|ano|ana|anos|anas|ico|ica|icos|icas|ado|ada|ados|adas|ar|ista|iste|istes"
                               r"|ense|ário|ária|ivo|iva|ieur|ieure|ième|nel|nelle|ier|ière|iano|iana|ional|onal)")
FRENCH_ONLY = re.compile(r"[à-ÿ]|(?:aire|ien(?:ne)?|ale|aux|eure|ée|aise|oise|elle|ième)s?$")
_ROMANCE_TOKEN = re.compile(r"[^\W\d_][\w-]*(?:['’](?=\w))?")
NATIONAL = re.compile(r"\b(?:[Nn]ationale?s?|[Nn]acional(?:es)?|République|República)\b")
LIBERATION = re.compile(r"\b(?:[Ll]ibération|[Ll]iberación|[Ll]ibertação|[Rr]ebelles|[Rr]évolutionnaires?)\b")
LISTED_NOUN = re.compile(r"[a-zà-ÿ]*[à-ÿ][a-zà-ÿ]*\b")  # a lower-case noun with an accent, after a comma
ARMED_FORCE_WORDS = re.compile(r"\b(?:armée?s|défense|sécurité|nationales?|armadas|defensa|seguridad|defesa)\b")


class NameRules:
    """The rules of names typed by their head noun, mixed into Discoverer (graph/discover/__init__.py), whose `self`
    they read."""

    def type_of_name(self, name: str, at: int) -> str | None:
        """The actor type a name's head noun gives ('Ministry of Defence' → GovernmentBody)."""
        words = name.replace("’", "'").split()
        if words[0] == "Operation" and len(words) >= 2 and not set(words[1:]) & CONNECTORS:
            return "Mission"
        if len(words) >= 2 and words[-2:] == ["Task", "Force"]:
            return "Mission"
        if len(words) >= 3 and " ".join(words[-2:]) in self.w.head_type:
            return self.w.head_type[" ".join(words[-2:])]  # a two-word head: "Cyprus News Agency"
        head = words[-1]
        if head not in self.w.head_type and "-" in head and head.split("-")[0] in self.w.head_type:
            head = head.split("-")[0]  # "Justice and Equality Movement-Sudan"
        if len(words) > 2 and words[1] in ("of", "for", "on") and words[0] in self.w.head_type:
            head = words[0]  # "Ministry of Defence", "Institute for Security Studies"
        elif head not in self.w.head_type:  # "Doha Document for Peace in Darfur": the head precedes "for"
            preps = [i for i, w in enumerate(words) if w in ("of", "for", "in", "on", "to")]
            if preps and preps[0] > 0 and words[preps[0] - 1] in self.w.head_type:
                head = words[preps[0] - 1]
        if head in ("Forces", "Force", "Army", "Police") and any(
            w in ("Armed", "Defence", "Defense", "Police", "National", "Security", "Army")
            for w in words[:-1]
        ) and words[0] not in ("Joint", "Multinational", "Regional", "Intervention"):
            return "GovernmentBody"
        if head == "Force":
            return "Mission"
        t = self.w.head_type.get(head)
        if t == "Agency" and head in STATE_BODY_HEADS and self._state_in(name, at):
            return "GovernmentBody"
        if head == "Department" and not self._state_in(name, at):
            return "GovernmentBody" if self.salient_state(at) else "Agency"
        return t

    def _state_in(self, name: str, at: int) -> bool:
        """Does the name, written at `at`, name a state or mark itself national?"""
        return any(
            self._type(m.actor) == "Government" for m in self.mentions.inside(at, at + len(name))
        ) or bool(re.search(r"\bNational\b|\bMinistry\b", name)) or self._possessor(at, explicit=True) is not None

    def romance_names(self) -> None:
        """'the Comité national pour le salut du peuple (CNSP)', 'the Forces de défense et de sécurité':
        a name whose head opens it (data/lexicon/leading_heads.csv), run on through its connectors
        ("de", "pour", "et") and adjectives ("nationale", "populaire"), with its acronym if one follows."""
        if self.w.leading_scan is None:
            return
        text = self.text
        for m in word_starts(self.w.leading_scan, text, hyphen=True):
            if self.covered(m.start(), m.end()) or self._in_heading(m.start()):
                continue
            head = m.group()
            end, last, pending, joined = m.end(), m.end(), False, False
            romance = bool(FRENCH_ONLY.search(head))  # "Comité", "Assemblée": no English name opens so
            while True:
                if text.startswith(" ", end):
                    start = end + 1
                elif joined:
                    start = end  # "l'unicité": the elided article and its noun
                elif romance and text.startswith(", ", end) and LISTED_NOUN.match(text, end + 2):
                    start, pending = end + 2, True  # "de désarmement, démobilisation, réintégration et …"
                else:
                    break
                t = _ROMANCE_TOKEN.match(text, start)
                if t is None:
                    break
                word = t.group()
                if word.lower() in ROMANCE_CONNECTORS:
                    romance, pending = True, True
                elif word[0].isupper() or pending or (ROMANCE_ADJECTIVE.fullmatch(word) and (
                        romance or FRENCH_ONLY.search(word))):
                    romance = romance or bool(FRENCH_ONLY.search(word)) or not word[0].isupper()
                    pending = False
                    last = t.end()
                else:
                    break
                end, joined = t.end(), word[-1] in "'’"
            if last == m.end() or not romance:
                continue  # one word, or English: "Union leaders", "Front line"
            name = text[m.start():last]
            if any(x.start < m.start() or x.end > last or (x.start, x.end) == (m.start(), last)
                   for x in self.mentions.overlapping(m.start(), last)):
                continue  # part of a longer name, or known already
            type_ = self.w.leading_type[head]
            if type_ == "Agency" and (NATIONAL.search(name) or self._possessor(m.start(), True)):
                type_ = "GovernmentBody"  # "Comité national …", "Commission Nationale …": the state's
            if type_ == "GovernmentBody" and head in ("Forces", "Fuerzas", "Forças", "Armée", "Ejército", "Exército"):
                if LIBERATION.search(name) or not ARMED_FORCE_WORDS.search(name):
                    type_ = "ArmedGroup"  # "Forces démocratiques de libération du Rwanda"
            country = self.salient_state(m.start()) if type_ == "GovernmentBody" else None
            acronym = re.match(r"\s*\(([A-Z][\w-]{1,14})\)", text[last:last + 20])
            known = self.registry.resolve(acronym.group(1)) if acronym else None
            if known is not None:  # "Mission de l'ONU … (MONUSCO)": a French name of a known actor
                self.add_mention(m.start(), last, known.key, "name", replace=True)
                continue
            a = self.actor(name, type_, country=country, acronym=acronym.group(1) if acronym else None)
            self.add_mention(m.start(), last, a.key, "name", replace=True)
            if acronym:
                self._link_everywhere(acronym.group(1), a.key)

    def dateline_outlets(self) -> None:
        """'NAIROBI, Kenya (AP) — …': the news agency a dateline names, known or new."""
        for m in DATELINE.finditer(self.text):
            s0, s1 = m.span("outlet")
            if self.covered(s0, s1):
                continue
            outlet = m.group("outlet").strip()
            known = self.registry.resolve(outlet)
            if known is not None and known.type != "Organisation":
                continue  # "(UN)": not an agency
            a = known or self.actor(outlet, "Organisation")
            self.add_mention(s0, s0 + len(outlet), a.key, "dateline")

    def proper_names(self) -> None:
        """Capitalised runs that end in an organisational head noun."""
        for m in word_starts(PROPER_RUN, self.text, hyphen=True):
            if self._in_heading(m.start()):
                continue
            words = m.group().split()  # a run without "." is these words, and "&": its tokens
            if "." not in m.group() and self.w.head_type.keys().isdisjoint(words) and _MAY_NAME.isdisjoint(words):
                continue  # the test below, read from the words: most runs are let go before they are tokenised
            toks = _tokens(self.text, m.start(), m.end())
            if not any(t[0] in self.w.head_type or t[0] in _MAY_NAME for t in toks):
                continue  # no head noun, no "Operation", no bare body: no part of the run is a name here
            # split at possessives: "Canada's Department of National Defence"
            for i, t in enumerate(toks):
                # "Canada's Department of National Defence" is Canada's, but "Sudan People's
                # Liberation Movement" is one name: split only after a known actor's possessive
                if (t[0].endswith(("'s", "’s")) or t[0].endswith("’")) and self.mentions.ending_at(
                        t[2] - (2 if t[0].endswith("s") else 1)):
                    toks = toks[i + 1:]
                    break
            # "the Government of Sudan and the Liberation and Justice Movement": two names;
            # "Sudanese Armed Forces and Police Forces": two names joined by "and"
            parts = [toks]
            for i in range(len(toks) - 2, 0, -1):
                if toks[i][0] == "the" and toks[i - 1][0] in ("and", "&", "or"):
                    parts = [toks[: i - 1], toks[i + 1:]]
                    break
            else:
                for i in range(1, len(toks) - 1):
                    heads = self.w.head_type
                    if toks[i][0] in ("and", "&") and heads.get(toks[i - 1][0]) and heads.get(toks[-1][0]):
                        parts = [toks[:i], toks[i + 1:]]
                        break
            parts = [p for part in parts for p in self._before_owner(part)]
            for part in parts:
                self._proper_name(part)

    def _before_owner(self, toks: list[tuple[str, int, int]]) -> list[list[tuple[str, int, int]]]:
        """'the Bentiu Field Office of the UN Mission in South Sudan': a unit, then the known mission,
        agency or organisation it belongs to, which names the rest of the run."""
        for i, t in enumerate(toks[1:-1], start=1):
            if t[0] != "of":
                continue
            j = i + 2 if toks[i + 1][0] == "the" else i + 1
            if j >= len(toks):
                break
            owner = self.mentions.at(toks[j][1], toks[-1][2])
            if owner is not None and owner.kind == "name" and self._type(owner.actor) in ("Mission", "Agency",
                                                                                       "Organisation"):
                return [toks[:i]]
        return [toks]

    def _proper_name(self, toks: list[tuple[str, int, int]]) -> None:
        """One capitalised run: a new actor if its head noun names a kind of actor."""
        toks = self._after_persons(toks)
        toks = _after_role(toks, self.w)
        while toks and (toks[0][0] in STOP_START or toks[0][0].lower() in CONNECTORS):
            toks = toks[1:]
        while toks and toks[-1][0].lower() in CONNECTORS:
            toks = toks[:-1]
        if len(toks) < 2:
            if toks and toks[0][0] in BARE_BODIES:
                self._bare_body(toks[0][0], toks[0][1], toks[0][2])
            return
        words = [t[0] for t in toks]
        if not (self.w.head_type.get(words[-1]) or words[0] == "Operation" or
                (words[1] in ("of", "for", "on") and self.w.head_type.get(words[0]))):
            return
        ls, le = toks[0][1], toks[-1][2]
        name = self.text[ls:le]
        type_ = self.type_of_name(name, ls)
        if not type_:
            return
        inside = self.mentions.inside(ls, le)
        if any(x.start == ls and x.end == le for x in inside):
            return
        if any(not (x.start >= ls and x.end <= le) for x in self.mentions.overlapping(ls, le)):
            return
        if any(x.kind != "name" and not (x.kind == "acronym" and x.start == ls and len(toks) >= 3) for x in inside):
            return  # a name defined or discovered already stands ("SADC Standby Force" is new)
        # A known name plus a generic word is not a new actor ("UN Security Council Resolution").
        if inside and sum(x.end - x.start for x in inside) >= len(name) - 12 and type_ == "Agency":
            return
        country, named = None, False
        if type_ == "GovernmentBody":
            states = [x.actor for x in inside if self._type(x.actor) == "Government"]
            owner = self._possessor(ls, explicit=True)
            named = bool(states or owner)
            country = states[0] if states else owner or self._possessor(ls) or self.salient_state()
        if type_ == "GovernmentBody" and country and not named:
            label = f"{name} ({(self.registry.get(country) or self.new[country]).label})"
            a = self.actor(label, type_, key=f"{country}-{slug(fold(name))}".lower(), country=country)
        else:
            a = self._named_before(name, type_, ls) or self.actor(name, type_, country=country)
        if self.add_mention(ls, le, a.key, "discovered", replace=True):
            for x in inside:  # "UNMISS Bentiu Field Office": the mission stays named, inside the name
                if x.kind == "acronym" and x.start == ls and x.actor != a.key:
                    self.mentions.add(Mention(x.start, x.end, x.text, x.actor, "nested"))

    def _after_persons(self, toks: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        """What follows the last person named in a run: 'Christoph Vogel and Josaphat Usamba for
        the Rift Valley Institute' names the institute after its authors."""
        if not toks:
            return toks
        persons = [m for m in self.mentions.inside(toks[0][1], toks[-1][2]) if self._type(m.actor) == "Person"]
        if not persons:
            return toks
        end = max(m.end for m in persons)
        return [t for t in toks if t[1] >= end]

    def _named_before(self, name: str, type_: str, pos: int) -> Actor | None:
        """A short form of an actor already named: 'the Verification Mission' after 'the United
        Nations Verification Mission in Colombia'."""
        for m in self.mentions.before(pos):  # nearest first, read lazily
            a = self.registry.get(m.actor) or self.new.get(m.actor)
            if a and a.type == type_ and m.end <= pos and any(has_words(name, n) for n in a.names()):
                return a
        return None

