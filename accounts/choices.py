"""Profile facts a person may volunteer. Only ever shown in aggregate.

Plain constants (no Django imports) so the demo generator and the analysis
pipeline can use them without loading models.
"""

ROLE_GROUPS: list[tuple[str, str]] = [
    ("nurse", "Nursing or midwifery"),
    ("doctor", "Doctor"),
    ("ahp", "Allied health professional"),
    ("manager", "Manager or leader"),
    ("admin", "Administrative or clerical"),
    ("support", "Support or estates staff"),
    ("patient", "Patient or carer"),
    ("public", "Member of the public"),
    ("other", "Other"),
]

ORGANISATION_TYPES: list[tuple[str, str]] = [
    ("acute", "Acute hospital"),
    ("primary", "Primary care or general practice"),
    ("community", "Community services"),
    ("mental_health", "Mental health services"),
    ("ambulance", "Ambulance service"),
    ("social_care", "Social care"),
    ("commissioner", "Commissioner or national body"),
    ("education", "University or education"),
    ("voluntary", "Charity or voluntary sector"),
    ("private", "Independent sector"),
    ("none", "Not working in health or care"),
]

# ISO 3166-1 alpha-2 codes with English names; the demo draws from these.
COUNTRIES: list[tuple[str, str]] = [
    ("GB", "United Kingdom"),
    ("IE", "Ireland"),
    ("US", "United States"),
    ("CA", "Canada"),
    ("AU", "Australia"),
    ("NZ", "New Zealand"),
    ("IN", "India"),
    ("PK", "Pakistan"),
    ("BD", "Bangladesh"),
    ("LK", "Sri Lanka"),
    ("NG", "Nigeria"),
    ("GH", "Ghana"),
    ("KE", "Kenya"),
    ("UG", "Uganda"),
    ("ZA", "South Africa"),
    ("ZW", "Zimbabwe"),
    ("EG", "Egypt"),
    ("SA", "Saudi Arabia"),
    ("AE", "United Arab Emirates"),
    ("QA", "Qatar"),
    ("IL", "Israel"),
    ("TR", "Turkey"),
    ("GR", "Greece"),
    ("IT", "Italy"),
    ("ES", "Spain"),
    ("PT", "Portugal"),
    ("FR", "France"),
    ("BE", "Belgium"),
    ("NL", "Netherlands"),
    ("DE", "Germany"),
    ("DK", "Denmark"),
    ("SE", "Sweden"),
    ("NO", "Norway"),
    ("FI", "Finland"),
    ("PL", "Poland"),
    ("RO", "Romania"),
    ("CH", "Switzerland"),
    ("PH", "Philippines"),
    ("MY", "Malaysia"),
    ("SG", "Singapore"),
    ("HK", "Hong Kong"),
    ("CN", "China"),
    ("JP", "Japan"),
    ("BR", "Brazil"),
    ("JM", "Jamaica"),
    ("TT", "Trinidad and Tobago"),
    ("MT", "Malta"),
    ("CY", "Cyprus"),
]

ROLE_GROUP_KEYS = {key for key, _ in ROLE_GROUPS}
ORGANISATION_TYPE_KEYS = {key for key, _ in ORGANISATION_TYPES}
COUNTRY_KEYS = {key for key, _ in COUNTRIES}
