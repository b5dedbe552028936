"""Word lists of attribution: cue verbs, prepositions, and what a source phrase may contain.

Per language, as data: adding a language is adding its rows here. English is the richest;
French, German, Spanish, Ukrainian and Russian cover the common reporting forms
("selon X", "laut X", "según X", "за даними X", "по данным X", "X berichtet", "пишет X").
"""

from __future__ import annotations

import re

#: Verbs that attribute whatever the context ("X said", "said X", "X reports").
SPEECH_VERBS = frozenset(
    """
    said says say told tells tell reported reports report writes wrote write noted notes
    added adds stated informed informs explained explains claimed claims quoted quotes
    cited cites reiterated recalled recalls continued observed observes remarked
    commented
    rapporte rapportait écrit ecrit indique indiquait affirme affirmait déclare declare
    précise precise souligne ajoute explique estime annonce dit
    berichtet berichtete schreibt schrieb sagte sagt erklärte erklärt meldet meldete teilte
    zufolge
    dijo dice informó informa reportó señaló indicó afirmó explicó añadió agregó escribe
    escribió publica publicó aseguró declaró
    повідомляє повідомив повідомила повідомили пише пишуть написав заявив заявила заявили
    розповів розповіла зазначив зазначила додав додала каже сказав сказала
    сообщает сообщил сообщила сообщили пишет пишут написал заявил заявила заявили рассказал
    рассказала отметил отметила добавил добавила говорит сказал сказала
    """.split()
)
#: Participles that carry the statement of their sentence's subject ("X aired ..., saying").
PARTICIPLES = frozenset(
    "saying citing quoting adding noting writing reporting claiming disant citant ajoutant"
    " diciendo citando añadiendo".split()
)
#: Past-tense verbs not ending in -ed, after which a sentence's subject is one ("X ran ...").
PAST_IRREGULAR = frozenset(
    "ran broadcast put wrote said told saw quoted spoke gave made took brought found got"
    " carried".split()
)
#: Verbs that attribute only when followed by "that", a quotation or a colon.
CLAIM_VERBS = frozenset(
    """
    announced announces confirmed confirms revealed reveals warned warns insisted insists
    argued argues acknowledged acknowledges admitted admits denied denies alleged alleges
    stressed stresses emphasized emphasised emphasizes emphasises suggested suggests
    indicated indicates declared declares tweeted posted predicted asserted asserts
    disclosed maintained maintains concluded learned learnt replied responded clarified
    clarifies specified
    """.split()
)
#: Cue verbs that are also common nouns: they need a clear subject or inversion.
NOUN_LIKE = frozenset("reports report notes claims states quotes cites posts".split())
#: Prepositional cues: the source follows ("according to X").
PREPOSITIONS = {
    "according-to": re.compile(r"\b(?:according to|as reported by|reported by|quoted by|"
                               r"cited by|as cited by|as quoted by|as told to)\s+", re.I),
    "citing": re.compile(r"\b(?:citing|quoting)\s+", re.I),
    "interview-with": re.compile(
        r"\b(?:in an? (?:\w+ )?interview (?:with|to)|told|tells|(?:confirmed|said|revealed|"
        r"explained|admitted|described \w+|released|speaking|spoke|talking) to)\s+",
        re.I,
    ),
    "selon": re.compile(r"\b(?:selon|d'après|d’après|citant|cité par|rapporté par)\s+", re.I),
    "laut": re.compile(
        r"\b(?:[Ll]aut|[Nn]ach Angaben (?:von|der|des)|berichtet von|zitiert von)\s+"
    ),
    "segun": re.compile(r"\b(?:según|de acuerdo con|citando a|citado por|informó)\s+", re.I),
    "za-danymy": re.compile(
        r"(?:\bза даними|\bза словами|\bяк повідомляє|\bяк пише|\bпосилаючись на|\bпо данным"
        r"|\bпо словам|\bкак сообщает|\bкак пишет|\bсогласно|\bссылаясь на|\bпо информации)\s+",
        re.I,
    ),
}  # fmt: skip
#: Words skipped between a subject and its verb ("Le Monde also notes", "police on Tuesday said").
BETWEEN = frozenset(
    """
    also later earlier previously further then recently reportedly separately has have had
    was were is are will would had initially first again too now already still last
    auch bereits zudem también ya також також вже также уже ещё еще
    """.split()
)
DAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight".split()
)
#: Words that end a source phrase when scanning backwards from its verb (not included).
CLAUSE = frozenset(
    """
    that and but which who whom when while as because if so since after before where than
    what how or though although whether unless until nor yet for however meanwhile to by
    from according about than with
    que qui et mais dass und aber weil wenn que y pero porque що і та але який что и но
    который як как wie comme como
    """.split()
)
#: Determiners and quantifiers: a backward scan includes one and stops.
DETERMINERS = frozenset(
    """
    the a an this these those his her its their our my your one two three four five several
    some many other another both each every no most few
    le la les l un une des ce cette ces son sa ses leur leurs der die das ein eine einer des
    dem den el la los las un una unos unas este esta su sus
    """.split()
)
#: Words that end a source phrase scanning forwards from a preposition (not included).
FORWARD_STOP = (
    frozenset(
        """
    on in at after before during since as when while last this earlier today yesterday
    referring citing quoting who which that and but said says told reported reports writes
    wrote noted adds added published
    """.split()
    )
    | DAYS
)
#: A lone word that is no source ("Earlier reports suggested", "Meanwhile, ...").
NOT_A_SOURCE = frozenset(
    """
    earlier later meanwhile however also but and separately previously today yesterday now
    then news media local other some many several it's there here this that what
    notes claims statement
    """.split()
)
PRONOUNS = frozenset(
    "he she they it we i you il elle ils elles er sie es él ella ellos він вона вони он она"
    " они".split()
)

OUTLET_NOUNS = (
    "agency news agency publication newspaper paper daily weekly magazine broadcaster outlet "
    "network channel tabloid site website wire service wire journal newsweekly portal "
    "television tv radio station editorial board media press"
).split()
#: "the agency", "the French daily", "the agency's sources": an outlet named before.
OUTLET_ANAPHOR = re.compile(
    r"^(?:the|this|that)\s+((?:[\w-]+\s+){0,3}?)(news agency|wire service|news site|"
    r"publication|newspaper|paper|daily|weekly|magazine|broadcaster|outlet|network|channel|"
    r"tabloid|website|agency|journal|newsweekly|portal|station)"
    r"(?:['’]s?(?:\s+(?:own\s+)?(?:sources?|reporting|reports?|information|correspondents?|"
    r"reporters?|journalists?|interlocutors?|data))?)?$",
    re.I,
)
#: "Le Monde's sources", "Reuters' reporting": the outlet stands behind the statement.
OUTLET_POSSESSIVE = re.compile(
    r"^(?P<name>.+?)['’]s?\s+(?:own\s+)?(?:sources?|reporting|reports?|information|"
    r"correspondents?|reporters?|journalists?|interlocutors?|data|investigation|analysis)$",
    re.I,
)
#: "The Arizona Republic's Daniel Gonzalez", "Reuters reporter Jane Doe": a journalist
#: credited with the outlet's name; the outlet stands behind the statement.
REPORTER_CREDIT = re.compile(
    r"^(?P<name>.+?)(?:['’]s?|\s+(?:staff\s+|senior\s+|chief\s+)?(?:reporter|correspondent|"
    r"journalist|columnist|editor|anchor|host|writer))\s+(?P<person>(?:[A-Z][\w.’'-]*\s+){0,2}"
    r"[A-Z][\w’'-]*)$"
)
DOCUMENT_HEADS = frozenset(
    """
    report reports statement statements study memo memos document documents letter lawsuit
    complaint filing suit release article survey poll indictment affidavit records data
    figures post tweet note email transcript ruling court papers findings analysis text
    book audit assessment estimates minutes notice bulletin communique communiqué decree
    footage video
    """.split()
)
ANONYMOUS_HEADS = frozenset(
    """
    source sources insider insiders people person officials official aides aide diplomats
    diplomat witnesses witness residents observers experts analysts insiders someone
    """.split()
)
ORGANISATION_WORDS = frozenset(
    """
    ministry department police office council commission committee court government army
    military inc corp corporation company university institute association union party
    service center centre bureau authority authorities organization organisation foundation
    club team league federation board kremlin pentagon house embassy parliament congress
    senate agency administration firm group prosecutors prosecutor's navy force forces
    command ministère ministerium ministerio міністерство министерство
    """.split()
)
ANONYMOUS_NAMES = frozenset(
    """
    white house u.s us uk eu un nato western european american russian ukrainian french
    british german israeli chinese iranian syrian turkish foreign defense defence military
    senior administration pentagon kremlin state department
    """.split()
)

#: Words that say a statement was not made ("did not say", "refused to comment").
NEGATIONS = frozenset(
    "not n't never didn't doesn't don't won't wouldn't cannot can't refused".split()
)
#: Words that make an unregistered capitalised name an outlet ("the Anchorage Daily News").
OUTLET_NAME_WORDS = frozenset(
    """
    news times post daily herald tribune journal gazette chronicle press courier observer
    telegraph radio tv television magazine review star sun mail express standard examiner
    dispatch register bulletin inquirer sentinel monitor reporter globe channel network
    agency media newspaper
    """.split()
)
#: Lower-case words an outlet's name may carry after it ("ISNA news agency", "Iranian media").
NAME_TAIL = frozenset("news agency media newspaper daily channel television radio".split())
#: Words that coordinate sources ("Le Monde and the BBC", "Reuters, AP and AFP").
CONJUNCTIONS = frozenset("and et und y e і та и".split())
#: Words that join the parts of a name ("Union of Concerned Scientists", "Mail & Guardian").
NAME_GLUE = frozenset("of de du des la le for and & von van der al el di da".split())
#: Words ending in -ly that are no adverbs (the -ly skip between subject and verb).
NOT_ADVERBS = frozenset(
    "daily weekly monthly quarterly yearly family ally rally italy july".split()
)
