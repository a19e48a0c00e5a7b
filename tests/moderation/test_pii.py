"""Personal details: what must be found, and the ordinary NHS text that must not be."""

import random

import pytest

from moderation.pii import find_personal_details, nhs_number_is_valid
from moderation.prescreen import find_personal_information


def details(text: str) -> list[tuple[str, str]]:
    return [(kind, text[start:end]) for kind, start, end in find_personal_details(text)]


def independent_check_digit(first_nine: str) -> int | None:
    """The NHS number check digit, written differently from the code under test: weights
    counted up from the right-hand end, and the 11/10 cases spelled out."""
    total = 0
    for position, digit in enumerate(reversed(first_nine)):
        total += int(digit) * (position + 2)
    remainder = total % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None  # 11 - 1 = 10: never issued
    return 11 - remainder


def valid_nhs_numbers(count: int, seed: int = 7) -> list[str]:
    generator = random.Random(seed)
    numbers = []
    while len(numbers) < count:
        first_nine = "".join(generator.choice("0123456789") for _ in range(9))
        check = independent_check_digit(first_nine)
        if check is not None:
            numbers.append(first_nine + str(check))
    return numbers


# --- NHS numbers -------------------------------------------------------------------------------


def test_the_known_example_is_valid():
    assert independent_check_digit("943476591") == 9
    assert nhs_number_is_valid("9434765919")


@pytest.mark.parametrize("number", valid_nhs_numbers(30))
def test_valid_nhs_numbers_are_found_however_they_are_written(number):
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    dashed = f"{number[:3]}-{number[3:6]}-{number[6:]}"

    assert nhs_number_is_valid(number)
    for written in (number, spaced, dashed):
        assert details(f"Patient {written} was seen") == [("nhs_number", written)]


@pytest.mark.parametrize("number", valid_nhs_numbers(30, seed=11))
def test_a_wrong_check_digit_is_not_an_nhs_number(number):
    wrong = number[:9] + str((int(number[9]) + 1) % 10)
    spaced = f"{wrong[:3]} {wrong[3:6]} {wrong[6:]}"

    assert not nhs_number_is_valid(wrong)
    assert ("nhs_number", spaced) not in details(f"Ref {spaced} today")


def test_a_remainder_of_ten_is_never_valid():
    first_nine = next(
        str(n) for n in range(400_000_000, 400_001_000) if independent_check_digit(str(n)) is None
    )
    for last in "0123456789":
        assert not nhs_number_is_valid(first_nine + last)


def test_ten_digits_with_a_bad_check_digit_may_still_be_a_phone_number():
    number = "0113496000"  # ten digits: a Leeds landline shape
    assert independent_check_digit(number[:9]) != int(number[9])

    assert details(f"ring {number}") == [("phone", number)]


def test_mixed_separators_and_longer_runs_are_not_nhs_numbers():
    assert ("nhs_number", "943 476-5919") not in details("943 476-5919")
    assert details("order 19434765919 arrived") == []


# --- Phone numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "07700-900-123",
        "07700 900 123",
        "+44 7700 900123",
        "+447700900123",
        "+44 (0)7700 900123",
        "0044 7700 900123",
        "0113 496 0000",
        "(0113) 496 0000",
        "0113-496-0000",
        "020 7946 0018",
        "(020) 7946 0018",
        "01632 960123",
        "0300 311 2233",
        "0800 123 4567",
        "+1 415 555 0132",
        "+33 1 23 45 67 89",
        "+91 98765 43210",
        "+353 1 234 5678",
    ],
)
def test_phone_numbers_are_found(number):
    assert details(f"Call {number} after six.") == [("phone", number)]


@pytest.mark.parametrize(
    "text",
    [
        "Bleep 4417 for the site manager",
        "extension 2345",
        "shifts run 0700-1930 and 1900-0730",
        "From 08:00 to 20:00",
        "The audit covered 2019 2020 2021 2022",
        "We had 1,200 referrals and 412 patients waiting",
        "Costs £25,000 a year",
        "Dated 01/02/2024",
        "Version 1.2.3.4.5.6",
        "Reference 1234567890",
    ],
)
def test_numbers_that_are_not_phone_numbers_are_left_alone(text):
    assert details(text) == []


def test_a_number_followed_by_a_year_is_trimmed_to_the_phone_number():
    assert details("ring 0113 496 0000 2024 was the year") == [("phone", "0113 496 0000")]


# --- Emails ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "email",
    ["jane.doe@nhs.net", "j.o'brien+rota@trust.nhs.uk", "JOHN_SMITH99@Example.co.uk"],
)
def test_email_addresses_are_found(email):
    assert details(f"Write to {email}.") == [("email", email)]


def test_at_signs_that_are_not_emails_are_left_alone():
    assert details("Meet @ 3pm in the staff room, or tweet @NHSEngland") == []


# --- Postcodes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "postcode",
    ["SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "LS6 2AB", "EC1A 1BB", "W1A 0AX"],
)
def test_postcodes_are_found_in_any_case_with_or_without_the_space(postcode):
    for written in (postcode, postcode.lower(), postcode.replace(" ", "")):
        assert details(f"I live in {written} now") == [("postcode", written)]


@pytest.mark.parametrize(
    "text",
    [
        "see you b4 5pm",
        "an ST1 2nd rotation",
        "on the NW3 4th floor",
        "Covid19 cases",
        "Band 5 and Band 6",
        "the A1 road",
        "vitamin B12 levels",
        "XX1 1AA is not an area",
        "LS6 2CI has letters never used",
        "M1A 1AA has a letter district outside London",
    ],
)
def test_postcode_lookalikes_are_left_alone(text):
    assert details(text) == []


# --- Named people and addresses ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I complained about Dr Patel yesterday", "Dr Patel"),
        ("I complained about Dr. Smith yesterday", "Dr. Smith"),
        ("ask Mr Jones", "Mr Jones"),
        ("Mrs O'Brien was kind", "Mrs O'Brien"),
        ("Mrs O\u2019Brien was kind", "Mrs O\u2019Brien"),
        ("Ms McDonald-Smith runs it", "Ms McDonald-Smith"),
        ("Sister Jones in A&E shouted at me", "Sister Jones in A&E"),
        ("Dr Patel on ward 5 is rude", "Dr Patel on ward 5"),
        ("Nurse Ratched again", "Nurse Ratched"),
        ("Matron Hughes said no", "Matron Hughes"),
        ("Professor Lee's clinic", "Professor Lee"),
        ("we saw Consultant Mr Shah", "Consultant Mr Shah"),
        ("Dr J. Patel signed it", "Dr J. Patel"),
        ("Dr Sarah Patel signed it", "Dr Sarah Patel"),
        ("Staff Nurse Kowalski at night", "Staff Nurse Kowalski"),
        ("thanks Dr Patel Thanks", "Dr Patel"),
        ("Dr Álvarez-Núñez", "Dr Álvarez-Núñez"),
    ],
)
def test_a_title_or_role_with_a_name_is_a_named_person(text, name):
    assert details(text) == [("named_person", name)]


def test_a_doctor_in_a_heading_is_still_a_named_person():
    assert details("Complaint About Dr Patel On Nights") == [("named_person", "Dr Patel")]


def test_a_full_name_before_an_address_is_a_named_person():
    assert details("Jane Doe lives at 3 High Street in town") == [
        ("named_person", "Jane Doe"),
        ("address", "3 High Street"),
    ]
    assert details("Yesterday John Smith, 14 Acacia Avenue, Leeds LS6 2AB rang") == [
        ("named_person", "John Smith"),
        ("address", "14 Acacia Avenue"),
        ("postcode", "LS6 2AB"),
    ]


@pytest.mark.parametrize(
    "address", ["14 Acacia Avenue", "3 High St", "221B Baker Street", "Flat 2, 7 Mill Lane"]
)
def test_street_addresses_are_their_own_kind(address):
    assert details(f"Post it to {address} please") == [("address", address)]


@pytest.mark.parametrize(
    "text",
    [
        "Ask a Dr about it",
        "Ask a Dr. Patients often do",
        "The Dr was late",
        "Ward 5 staff are brilliant",
        "Band 7 posts are frozen",
        "NHS England sets the targets",
        "Speak to the Freedom to Speak Up Guardian",
        "Agenda for Change pay bands",
        "Nurse Practitioner posts in the community",
        "Consultant Anaesthetist rota",
        "Consultant Radiographer training",
        "Sister Trust in the next county",
        "Staff Nurse Band 5 vacancies",
        "Matron Lead for surgery",
        "Professor Of Nursing role",
        "Mr Men books in the play area",
        "MS Word and MS Teams",
        "The 5 Year Forward View and the Long Term Plan",
        "Level 2 Car Park is closed",
        "Our 24 Hour Way of working",
        "John Smith was a great consultant",
        "Patients In Ward 5 Said Thanks",
        "Yesterday Was Busy. Today Was Worse.",
        "Patients who ask Dr Google first",
        "Why Nurse Staffing Matters On Every Ward",
        "Every Porter Deserves Better Pay\nWe need it.",
    ],
)
def test_ordinary_nhs_text_names_no_one(text):
    assert details(text) == []


def test_findings_group_by_kind_with_every_span():
    text = "Dr Patel and Dr Shah both ring 07700 900123 or 07700 900456"

    findings = find_personal_information(text)

    assert [(f.kind, [s.text for s in f.spans]) for f in findings] == [
        ("phone", ["07700 900123", "07700 900456"]),
        ("named_person", ["Dr Patel", "Dr Shah"]),
    ]
    assert "phone numbers" in findings[0].message
    assert "people's names" in findings[1].message
