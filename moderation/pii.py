"""Finding personal details that would identify someone in a post.

Each finder returns ``(kind, start, end)`` triples with offsets into the text as given, so a
moderator can see exactly what was found. The finders lean towards precision on ordinary NHS
text ("Ward 5 staff", "Band 7", "Dr" alone, "Agenda for Change", "the 5 Year Forward View")
because a held post is a real cost to its author; the tests hold them to both sides.

This module imports nothing from Django.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Detail = tuple[str, int, int]  # (kind, start, end)


def _words(block: str) -> frozenset[str]:
    """A set of words written as a block of text, easier to read and review than a list."""
    return frozenset(block.split())


KINDS = ("email", "phone", "nhs_number", "postcode", "address", "named_person")

# --- Email addresses ---------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.+%'-])[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w-])"
)


def find_emails(text: str) -> list[Detail]:
    return [("email", match.start(), match.end()) for match in _EMAIL.finditer(text)]


# --- NHS numbers -------------------------------------------------------------------------------

_NHS_NUMBER = re.compile(r"(?<![\w+])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\w]|[ -]\d)")


def nhs_number_is_valid(digits: str) -> bool:
    """The modulus 11 check: weights 10 down to 2, check digit 11 - (sum mod 11).

    A remainder giving 11 means a check digit of 0; one giving 10 means the number was never
    issued.
    """
    if len(digits) != 10 or not digits.isdigit():
        return False
    weights = range(10, 1, -1)
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], weights, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def find_nhs_numbers(text: str) -> list[Detail]:
    found = []
    for match in _NHS_NUMBER.finditer(text):
        if nhs_number_is_valid(match.group(1) + match.group(3) + match.group(4)):
            found.append(("nhs_number", match.start(), match.end()))
    return found


# --- Phone numbers -----------------------------------------------------------------------------

# A run of digits with the separators people put in phone numbers: single spaces or dashes,
# brackets round the area code, "+44 (0)". Validated afterwards by its digits.
_PHONE = re.compile(
    r"(?<![\w+/.,:£$])"
    r"(?:\+|00)?\(?\d(?:\)?[ \-]?\(?\d){8,16}\)?"
    r"(?![\w/]|[.,]\d)"
)


def _is_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    international = candidate.startswith(("+", "00"))
    if international:
        digits = digits.removeprefix("00")
        if digits.startswith("44"):
            national = digits[2:].removeprefix("0")
            return _is_uk_national("0" + national)
        # Country code of 1-3 digits, then a subscriber number: 8 to 15 digits in all.
        return 8 <= len(digits) <= 15 and digits[0] != "0"
    return _is_uk_national(digits)


def _is_uk_national(digits: str) -> bool:
    """UK numbers dialled from inside the UK: 01/02 geographic, 03 non-geographic, 07
    mobile, 08 freephone and special rate."""
    if not digits.startswith("0") or len(digits) < 10:
        return False
    if digits[1] == "1":
        return len(digits) in {10, 11}
    return digits[1] in "2378" and len(digits) == 11


def find_phones(text: str, taken: Sequence[Detail] = ()) -> list[Detail]:
    found = []
    for match in _PHONE.finditer(text):
        start, end = match.start(), match.end()
        if _overlaps(start, end, taken):
            continue
        # Keep a bracket only when its partner is inside the match too.
        if match.group(0).endswith(")") and "(" not in match.group(0):
            end -= 1
        # The pattern is greedy: "0113 496 0000 2024" is a number followed by a year, so
        # try dropping groups from the end until what is left is a phone number.
        while end > start:
            if _is_phone(text[start:end]):
                found.append(("phone", start, end))
                break
            cut = max(text.rfind(" ", start, end), text.rfind("-", start, end))
            if cut <= start:
                break
            end = len(text[start:cut].rstrip(" -(")) + start
    return found


# --- Postcodes ---------------------------------------------------------------------------------

# The UK's postcode areas. A postcode must have the full shape (outward code, inward code of a
# digit and two letters) and start with one of these, which rules out most look-alikes
# ("XX1 1AA", "A1 2AB"); the letter rules below rule out "b4 5pm".
POSTCODE_AREAS = _words(
    """
    AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY
    E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD
    LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG
    SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE
    """
)
# The last two letters never use C, I, K, M, O or V.
_POSTCODE = re.compile(
    r"(?<![^\W_])([A-Za-z]{1,2})(\d[A-Za-z\d]?) ?(\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2})(?![^\W_])"
)
_ORDINAL = re.compile(r"1st|2nd|3rd|[04-9]th")
# Only central London has districts like "SW1A" or "EC1A".
_LETTER_DISTRICT = frozenset({"E", "EC", "N", "NW", "SE", "SW", "W", "WC"})


def find_postcodes(text: str) -> list[Detail]:
    found = []
    for match in _POSTCODE.finditer(text):
        area, district, inward = match.groups()
        if area.upper() not in POSTCODE_AREAS:
            continue
        if district[-1].isalpha() and len(district) == 2 and area.upper() not in _LETTER_DISTRICT:
            continue
        # "ST1 2nd rotation", "NW3 4th floor": a lower-case ordinal after capitals is not a
        # postcode; "b33 8th", all in lower case, may well be.
        if _ORDINAL.fullmatch(inward) and not (area + district).islower():
            continue
        found.append(("postcode", match.start(), match.end()))
    return found


# --- Names and addresses -----------------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_NAME_WORD = (
    rf"(?:(?:O|D)['\u2019](?=[{_UPPER}])|Ma?c(?=[{_UPPER}]))?[{_UPPER}][{_LOWER}]+"
    rf"(?:-[{_UPPER}][{_LOWER}]+)?"
)


def _capital_or_lower(*words: str) -> str:
    """Match "Dr" or "dr" but never "DR" or "MS": "MS Word" and "MS clinic" are not people."""
    return "|".join(f"[{word[0]}{word[0].lower()}]{word[1:]}" for word in words)


_HONORIFIC = _capital_or_lower("Dr", "Doctor", "Mr", "Mrs", "Ms", "Miss", "Mx", "Prof", "Professor")
_ROLE = _capital_or_lower(
    "Sister",
    "Sr",
    "Nurse",
    "Staff Nurse",
    "Charge Nurse",
    "Matron",
    "Consultant",
    "Midwife",
    "Surgeon",
    "Registrar",
    "Porter",
    "Physio",
).replace(" ", r"\s+")
# Capitalised words that follow a title without being anyone's name: sentence words, job
# titles and specialties ("Nurse Practitioner", "Consultant Radiographer", "our Sister Trust").
NOT_NAMES = _words(
    """
    The A An And Or But Nor So Yet In On At To Of For With From By As Into Onto Upon About
    Is Are Was Were Be Been Has Have Had Do Does Did Can Could Will Would Should May Might Must
    Who Whom Whose When Where What Why How Which If Then Than I We You They He She It Me Us
    Them This That These Those My Our Your Their His Her Its All Any Each Every No Not Some
    Please Thanks Thank Also Yes Patient Patients People Person Everyone Nobody Someone
    Men Women Yesterday Today Tomorrow Tonight Last Next Recently Sadly Unfortunately
    Honestly Apparently Meanwhile However Now Later Earlier Again Here There Once Dear Hi
    Practitioner Practitioners Associate Associates Specialist Specialists Consultant
    Consultants Led Lead Leads Manager Managers Director Directors Educator Educators
    Prescriber Prescribers Surgeon Surgeons Registrar Registrars Radiographer Radiographers
    Sonographer Sonographers Paramedic Paramedics Trainee Trainees Fellow Fellows
    Trust Trusts Hospital Hospitals Ward Wards Unit Units Team Teams Department Departments
    Service Services Staff Station Bank Agency Training Rota Rotas Role Roles Post Posts Band
    Apprentice Apprentices Champion Champions Advocate Advocates Navigator Navigators Clinic
    Clinics Day Days Night Nights Shift Shifts Handover Recruitment Retention Education
    Development Programme Council Leadership Practice Advanced Senior Junior Student Students
    Bursary Appraisal Revalidation Forum Network Clinical Community District Midwife Midwives
    Nurse Nurses Doctor Doctors Matron Matrons Sister Sisters Porter Porters Physio Physios
    Mr Mrs Ms Miss Mx Dr Prof Professor Foster Office Offices Hours Pay Grade Grades
    Job Jobs Level Levels Time Times Cover Support Vacancy Vacancies Bay Bays Theatre Theatres
    Surgery Care Health Safety Quality Board Group Groups Meeting Meetings Week Weeks Year
    Years Month Months England Scotland Wales Ireland NHS Guardian Guardians Speak Up
    Medical Surgical Acute Emergency Intensive Critical Cardiac Stroke Respiratory Renal
    Maternity Neonatal Paediatric Paediatrics Orthopaedic Orthopaedics Palliative Endoscopy
    Diabetes Tissue Viability Infection Control Prevention Outpatient Outpatients Admissions
    Discharge Liaison Mental Learning Disability Disabilities Frailty Dementia Continence Stoma
    Breast Colorectal Obstetric General Older Adult Adults Child Children Family Public
    Ambulance Hospice Nutrition Pharmacy Pathology Laboratory Physiotherapy Occupational
    Therapy Speech Language Safeguarding Sepsis Research Governance Digital Informatics
    Wellbeing Freedom Equality Diversity Inclusion Chief Deputy Head Assistant Executive
    Nursing Interim Acting Locum Duty Site Bed Flow Body Committee Report Review Letter
    Google Staffing Rostering Rounds Round Plans Plan Numbers Ratios Ratio
    """
)
_TITLE_SUFFIXES = ("ist", "ists", "ian", "ians", "ologist", "ologists")
_PLACE = (
    r"(?:\s+(?:on|in|at|from)\s+(?:the\s+)?"
    r"(?:[Ww]ard\s+[\w-]+|[Bb]ay\s+\w+|[Tt]heatres?\s+\w+|[Uu]nit\s+\w+|"
    r"A&E|ED|ICU|ITU|HDU|AMU|MAU|SAU|CCU|NICU|SCBU|"
    r"(?:[A-Z][a-z]+\s+){1,3}(?:[Ww]ard|[Uu]nit|[Cc]linic|[Dd]epartment)))?"
)
_TITLED_NAME = re.compile(
    rf"(?<![\w-])(?P<title>(?:{_ROLE})\s+(?:(?P<honorific>{_HONORIFIC})\.?\s+)?"
    rf"|(?P<honorific_alone>{_HONORIFIC})\.?\s+)"
    rf"(?P<initials>(?:[{_UPPER}]\.?\s+){{0,2}})(?P<first>{_NAME_WORD})"
    rf"(?:\s+(?P<second>{_NAME_WORD}))?(?P<place>{_PLACE})"
)
# "a Dr. Then ...", "the Doctor. Patients ...": a title used as a noun ends its sentence.
_NOUN_BEFORE = re.compile(
    r"\b(?:a|an|the|your|my|our|their|his|her|every|any|no|each)\s+$", re.IGNORECASE
)

STREET_TYPES = (
    "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Close|Crescent|Cres|Way|Place|Gardens|Gdns"
    "|Court|Terrace|Grove|Square|Mews|Row|Hill|Park|Walk|Rise|View|Green|Parade|Vale"
    "|Boulevard|Wharf|Gate|Yard|Croft|Fold|Chase|Meadows?|Heights|Estate"
)
# Capitalised words after a number that make it a count, a grade or a plan, not a house.
NOT_STREET_NAMES = _words(
    """
    Year Years Hour Hours Day Days Week Weeks Month Months Minute Minutes Bed Beds Band Bands
    Car Point Points Step Steps Ward Wards Floor Floors Level Levels Star Stars Staff Nurse
    Nurses Patient Patients Care NHS Forward Bay Bays Theatre Theatres Page Pages Key Top
    """
)
_ADDRESS = re.compile(
    rf"(?<![\w£$.,:/-])(?:(?:[Ff]lat|[Aa]partment)\s+\d+[A-Za-z]?,?\s+)?\d{{1,4}}[A-Za-z]?,?\s+"
    rf"(?P<street>(?:{_NAME_WORD}\s+){{1,3}})(?:{STREET_TYPES})\b\.?"
)
_NAMED_RESIDENT = re.compile(
    rf"(?<![\w-])(?P<names>{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})"
    rf"(?:\s*,\s*|\s+(?:who\s+)?(?:lives|lived|living|resides|residing|is|was|of|at|from)"
    rf"(?:\s+(?:at|in|on))?\s+)(?=\d)"
)


def _is_name(word: str) -> bool:
    return word not in NOT_NAMES and not word.lower().endswith(_TITLE_SUFFIXES)


_WORD = re.compile(r"[^\W\d_]{2,}")


def _in_title_case_line(text: str, start: int, end: int) -> bool:
    """Whether the match at ``start:end`` sits in a line Written Like A Heading, where "Nurse
    Staffing" or "Porter Deserves" are capitalised for show, not because they name anyone."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    words = _WORD.findall(text, line_start, start) + _WORD.findall(text, end, line_end)
    capitalised = sum(word[0].isupper() for word in words)
    return len(words) >= 2 and capitalised >= 0.7 * len(words)


def find_addresses(text: str) -> list[Detail]:
    found = []
    for match in _ADDRESS.finditer(text):
        street_words = match.group("street").split()
        if any(word in NOT_STREET_NAMES for word in street_words):
            continue
        found.append(("address", match.start(), match.end()))
    return found


def find_named_people(text: str, addresses: Sequence[Detail] = ()) -> list[Detail]:
    """A title or role with a capitalised name ("Dr Patel on ward 5", "Sister Jones in A&E",
    "Consultant Mr Shah"), or a full name straight before an address."""
    found = []
    for match in _TITLED_NAME.finditer(text):
        first, second = match.group("first"), match.group("second")
        if not _is_name(first):
            continue
        title = match.group("title").rstrip()
        if title.endswith(".") and _NOUN_BEFORE.search(text, 0, match.start()):
            continue
        honorific = match.group("honorific") or match.group("honorific_alone")
        if not honorific and _in_title_case_line(text, match.start(), match.end()):
            continue
        if second and not _is_name(second):
            end = match.end("first")  # "Dr Patel Thanks": the name stops before "Thanks"
        else:
            end = match.end("place") if match.group("place") else match.end()
        found.append(("named_person", match.start(), end))
    address_starts = {start for _, start, _ in addresses}
    for match in _NAMED_RESIDENT.finditer(text):
        if match.end() not in address_starts:
            continue
        names = match.group("names").split()
        # Drop sentence-start words: "Yesterday John Smith, 14 ..." names John Smith.
        while len(names) > 2 and not _is_name(names[0]):
            names = names[1:]
        if not all(_is_name(word) for word in names):
            continue
        start = match.end("names") - len(" ".join(names))
        found.append(("named_person", start, match.end("names")))
    return found


# --- All together ------------------------------------------------------------------------------


def _overlaps(start: int, end: int, taken: Sequence[Detail]) -> bool:
    return any(start < other_end and other_start < end for _, other_start, other_end in taken)


def _merge(details: list[Detail]) -> list[Detail]:
    """Join overlapping finds of the same kind ("Mr John Smith" found twice)."""
    merged: list[Detail] = []
    for kind, start, end in sorted(details, key=lambda detail: (detail[0], detail[1])):
        if merged and merged[-1][0] == kind and start <= merged[-1][2]:
            previous = merged.pop()
            merged.append((kind, previous[1], max(end, previous[2])))
        else:
            merged.append((kind, start, end))
    return sorted(merged, key=lambda detail: (detail[1], detail[0]))


def find_personal_details(text: str) -> list[Detail]:
    """Every personal detail in ``text``, in reading order.

    NHS numbers are looked for before phone numbers: ten digits with a valid check digit are
    an NHS number; with an invalid one they may still be a phone number.
    """
    emails = find_emails(text)
    nhs_numbers = find_nhs_numbers(text)
    phones = find_phones(text, taken=emails + nhs_numbers)
    postcodes = [
        detail for detail in find_postcodes(text) if not _overlaps(detail[1], detail[2], emails)
    ]
    addresses = find_addresses(text)
    people = find_named_people(text, addresses)
    return _merge(emails + nhs_numbers + phones + postcodes + addresses + people)
