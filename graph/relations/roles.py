"""Persons and the actors they lead or belong to: titles ("President William Ruto"), appositions
("X, head of Y"), closing bios, and affiliations ("Crisis Group experts X and Y")."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..model import Mention
from .base import LIST_GAP, ORGS, ROLE_TITLES

APPOSED_TITLE = re.compile(
    r"(?:(?:deputy|executive|managing|programme|program|research|senior|special|country|regional)\s+)*"
    r"(?:head|chief|director|chair|chairman|chairperson|president|leader|commander|founder|coordinator"
    r"|spokes(?:person|man|woman)|researcher|fellow|analyst|adviser|advisor|representative|envoy|officer"
    r"|member|professor|minister|secretary|ambassador)", re.I)
FOR_FIELD = re.compile(r"\b(?:for|on|in)\s+(?:the\s+)?$")
AFFILIATIONS = {"Organisation", "Agency", "Mission"}  # what persons' roles tie them to by name alone
FOR_ORG = re.compile(r"\s+(?:for|of|from)\s+(?:the\s+)?")
LEADER_NOUN = re.compile(r"(?i:head|chief|director|chair|president|leader|commander)")
# between two titles, when the first is the person's: "Special Representative of the UN Secretary-General"
TITLE_OF_TITLE = re.compile(r"\s+of\s+(?:the\s+)?(?:[A-Z][\w.]*\s+){0,3}")
FORMER = re.compile(r"\b(?:former|ex-|erstwhile|late)\s*(?:[A-Z][\w-]*\s+)?$", re.I)
LEADER_TITLES = re.compile(
    r"(?:President|Prime Minister|King|Queen|Emir|Secretary[- ]General|Head of State|Chair(?:person|man)?"
    r"|(?:Force |Police )?Commander|Director(?:[- ]General)?|leader|chief|commander|head|president|prime minister)")
TITLE_OF = re.compile(r",\s+(?:(?:a|an|the)\s+)?(?:former\s+|then\s+|current\s+)?(?P<title>[\w -]{3,40}?)"
                      r"\s+(?:of|at)\s+(?:the\s+)?")
DEPUTY = re.compile(r"(?:Deputy|deputy|Assistant|Under|Vice)")
BIO = re.compile(r"^(?P<who>[^\n]{3,60}?) (?:is|was|has been|serves as) (?:an? |the )?[^.\n]{0,200}?"
                 r"\b(?:at|with|of|for) (?:the )?")


@lru_cache(maxsize=8)
def _role_pattern(nouns: frozenset[str]) -> re.Pattern | None:
    """What stands between an organisation and the persons it names: "'s senior experts ", " head, "."""
    if not nouns:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    return re.compile(rf"(?:[’']s)?\s+(?:(?:senior|chief|deputy|former|then|current|acting)\s+)?"
                      rf"(?P<role>(?:{alternatives})(?:s|es)?),?\s+", re.I)


class RoleRules:
    """The rules of persons and their roles,
    mixed into RelationReader (graph/relations/__init__.py), whose `self` they read."""

    # -- roles
    def roles(self) -> None:
        """'Minister of Foreign Affairs Stéphane Dion' is a member of his state; 'President William
        Ruto' leads his; 'UN Secretary-General Ban Ki-moon' leads the UN. The owner is the actor
        named in or just before the title, else the UN for its officials, else the article's state."""
        fallback = []  # roles whose owner is only the article's state: kept if nothing better
        explicit = set()
        for m in self.mentions:
            if self.ctx.type(m.actor) != "Person":
                continue
            sent = self.sentence_of(m.start)
            before = self.ctx.text[max(sent[0], m.start - 120):m.start]
            titles = list(ROLE_TITLES.finditer(before))
            if not titles or before[titles[-1].end():].count(" ") > 6:
                self._apposed_role(m)
                continue
            i = len(titles) - 1
            while i and TITLE_OF_TITLE.fullmatch(before[titles[i - 1].end():titles[i].start()]):
                i -= 1  # "Special Representative of the UN Secretary-General": the first title is theirs
            t = titles[i]
            title_at = m.start - len(before) + t.start()
            local = [x for x in self.mentions_of_sentence(m.start)
                     if x.actor != m.actor and x.end <= m.start and self.ctx.type(x.actor) in ORGS]
            # named in the title ("Minister of Defence of Kenya") or just before it ("Haiti Prime
            # Minister", "Canada's Minister", "UN Secretary General,")
            # (not the field a title names: "Special Representative of the UN Secretary-General
            # for Iraq" is the UN's, not Iraq's)
            owner = next((x.actor for x in local if x.start >= title_at
                          and not FOR_FIELD.search(self.ctx.text[max(0, x.start - 8):x.start])), None)
            if owner is None:
                prior = [x for x in local if x.end <= title_at
                         and re.fullmatch(r"\s*(?:[’']s?)?\s*", self.ctx.text[x.end:title_at])]
                owner = prior[-1].actor if prior else None
            if owner is None and re.search(r"Secretary[- ]General|Special Representative", t.group()):
                owner = "UN" if "UN" in self.ctx.present else None  # a UN official
            lead = (LEADER_TITLES.fullmatch(t.group()) and not DEPUTY.match(t.group())
                    and not FORMER.search(before[:t.start()]))  # a former president is a member
            if owner is None and re.search(r"President|Prime Minister|Minister", t.group()):
                # a head of government or a minister with no state at the title: the one state
                # named earlier in the sentence (of two, "with Cuba and Norway as guarantors, and
                # signed by President Juan Manuel Santos", neither), else (less sure) the state the
                # article is about
                states = {x.actor for x in local if self.ctx.type(x.actor) == "Government" and x.kind != "adjective"
                          and not re.match(r",\s*(?:which|who)\b", self.ctx.text[x.end:x.end + 10])}
                if len(states) == 1:
                    owner = states.pop()
                elif not states and self.ctx.sure_home:
                    fallback.append((m.actor, "leads" if lead else "memberOf", self.ctx.sure_home, sent))
            if owner is None:
                continue
            explicit.add(m.actor)
            self.emit(m.actor, "leads" if lead and self.ctx.type(owner) in ORGS else "memberOf", owner, sent,
                      0.8, "role")
        # a role whose state the text does not name belongs to the state the article is clearly
        # about, unless another head with no state shares its sentence ("Prime Minister Albin Kurti
        # in Pristina and President Aleksandar Vučić in Belgrade" do not both lead Kosovo)
        heads = Counter(sent for person, p, _, sent in fallback if person not in explicit and p == "leads")
        for person, p, owner, sent in fallback:
            if person not in explicit and (p != "leads" or heads[sent] == 1):
                self.emit(person, p, owner, sent, 0.6, "role:article-state")

    def _apposed_role(self, m: Mention) -> None:
        """'Martin Griffiths, the UN Special Envoy for Yemen': a role given after the name."""
        of = TITLE_OF.match(self.ctx.text[m.end:m.end + 80])
        if of and APPOSED_TITLE.fullmatch(of.group("title")):
            pos = m.end + of.end()  # "Amina Yusuf, director of the Juba Peace Institute"
            org = next((x for x in self.index.window(pos, pos + 1) if x.start == pos
                        and self.ctx.type(x.actor) in ORGS), None)
            if org is not None:
                lead = (re.match(r"(?i:head|chief|director|chair|president|leader|commander)", of.group("title"))
                        and "former" not in of.group(0))
                self.emit(m.actor, "leads" if lead else "memberOf", org.actor, self.sentence_of(m.start), 0.8, "role")
                return
        after = re.match(r",\s+(?:(?:a|an|the)\s+)?(?P<former>former\s+)?(?:then\s+|current\s+)?",
                         self.ctx.text[m.end:m.end + 40])
        if not after:
            return
        pos = m.end + after.end()
        org = next((x for x in self.index.window(pos, pos + 1) if x.start == pos
                    and self.ctx.type(x.actor) in ORGS), None)
        if org is not None and after.group("former"):
            title = ROLE_TITLES.match(self.ctx.text, org.end + 1)
            if title:  # "Roza Otunbayeva, a former president of Kyrgyzstan": a member now
                self.emit(m.actor, "memberOf", org.actor, self.sentence_of(m.start), 0.75, "role:former")
            return
        if org is None:  # "Nicholas Haysom, the Special Representative of the Secretary-General"
            title = ROLE_TITLES.match(self.ctx.text, pos)
            if title and re.search(r"Secretary[- ]General|Special Representative", self.ctx.text[pos:pos + 60]) \
                    and "UN" in self.ctx.present:
                self.emit(m.actor, "memberOf", "UN", self.sentence_of(m.start), 0.75, "role")
            return
        title = ROLE_TITLES.match(self.ctx.text, org.end + 1)
        if not title:
            return
        lead = LEADER_TITLES.fullmatch(title.group()) and not DEPUTY.match(title.group())
        self.emit(m.actor, "leads" if lead else "memberOf", org.actor, self.sentence_of(m.start), 0.8, "role")

    def bios(self) -> None:
        rx = BIO
        for para in re.finditer(r"[^\n]+", self.ctx.text):
            m = rx.match(para.group())
            if not m:
                continue
            local = self.index.between(para.start(), para.end())
            who = next((x for x in local if x.start == para.start() and self.ctx.type(x.actor) == "Person"), None)
            org = next((x for x in local if x.start >= para.start() + m.end() - 4
                        and self.ctx.type(x.actor) in ORGS), None)
            if who and org and org.start - para.start() < m.end() + 5:
                self.emit(who.actor, "memberOf", org.actor, self.sentence_of(para.start()), 0.85, "bio")

    def affiliations(self) -> None:
        """'Crisis Group experts Ashish Pradhan and Graeme Smith', 'a report by Christoph Vogel and
        Josaphat Usamba for the Rift Valley Institute': persons named with an organisation's role
        noun before them, or 'for/of/at' an organisation after them, belong to it."""
        roles = _role_pattern(self.ctx.role_nouns)
        text = self.ctx.text
        for (s0, s1), ms in zip(self.sentences, self.in_sentence):
            for i, m in enumerate(ms):
                if self.ctx.type(m.actor) != "Person" or (i and self.ctx.type(ms[i - 1].actor) == "Person"
                                                         and LIST_GAP.fullmatch(text[ms[i - 1].end:m.start])):
                    continue  # a list is read from its first name
                people = self._list_from([x for x in ms[i:]])
                people = [x for x in people if self.ctx.type(x.actor) == "Person"]
                org, lead = None, False
                if i and self.ctx.type(ms[i - 1].actor) in AFFILIATIONS and roles:
                    role = roles.fullmatch(text[ms[i - 1].end:m.start])
                    if role:
                        org, lead = ms[i - 1], bool(LEADER_NOUN.match(role.group("role")))
                after = next((x for x in ms if x.start >= people[-1].end), None)
                if org is None and after is not None and self.ctx.type(after.actor) in AFFILIATIONS \
                        and FOR_ORG.fullmatch(text[people[-1].end:after.start]):
                    org = after
                if org is None:
                    continue
                for x in people:
                    if not any((x.actor, p, org.actor) in self.out for p in ("leads", "memberOf")):
                        self.emit(x.actor, "leads" if lead else "memberOf", org.actor, (s0, s1), 0.75, "affiliation")

