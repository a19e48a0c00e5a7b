"""Texts for the prescreen tests and benchmark.

ORDINARY is a false-positive check: realistic comments NHS staff might post, written to sound
like people rather than to dodge the screen. They talk about deaths, cancer, mental health,
sexual health, sick leave, race and sexuality, quote phone-like extension numbers, times,
grades and web addresses, and complain in plain British English. Every one must publish with
the default rules.

HOSTILE holds texts that must not publish, with what the screen should find in each.
"""

# Look-alike letters on purpose: the corpus uses look-alike letters on purpose.
# ruff: noqa: RUF001

ORDINARY: tuple[str, ...] = (
    "Could we have a water fountain on Ward 5? Staff are buying bottled water every shift.",
    "Band 7 posts in our department have been frozen for a year. The Band 6s are acting up "
    "without the pay and it is wearing people down.",
    "NHS England keeps changing the targets mid-year, so we never know what good looks like. "
    "Fix the targets for three years and let us plan.",
    "I spoke to our Freedom to Speak Up Guardian about the staffing on nights and it helped. "
    "More people should know the guardian exists and that it is confidential.",
    "Agenda for Change banding for healthcare support workers does not reflect the clinical "
    "tasks they now do. Please review the Band 2 to Band 3 profiles.",
    "Dr. on call overnight covers four wards and A&E referrals. One registrar cannot do that "
    "safely; we need a second doctor between 10pm and 2am.",
    "The discharge lounge should open at 07:30, not 09:00, so beds free up before the morning "
    "rush from ED.",
    "Patients die waiting for a bed in the corridor. That is not an exaggeration: it happened "
    "twice on our unit last winter and the reviews both said flow.",
    "Cancer patients on the chemotherapy day unit wait two hours for pharmacy to release their "
    "drugs. Could the prescriptions be screened the day before?",
    "Our LGBT+ staff network is brilliant but nobody can get time off the rota to attend. "
    "Protected time for network meetings, even one hour a month, would make a difference.",
    "Black and minority ethnic nurses on our site are still far less likely to be shortlisted "
    "for Band 7 roles. The WRES data says the same thing every year.",
    "Mental health patients in A&E can wait more than 24 hours for a psychiatric bed. A calm "
    "room away from the main department would help them and the staff.",
    "The sexual health clinic turns people away by 10am because the walk-in slots fill up. "
    "An online booking system for next-day appointments would stop the queue outside.",
    "Sick leave for stress has doubled in our team since the restructure. Nobody from HR has "
    "asked why.",
    "The e-rostering system is ridiculous. It takes me two hours to do what used to take "
    "twenty minutes on paper, and the rota still comes out six weeks late.",
    "Honestly the car parking is a nightmare. Night staff arrive at 19:30 and every space has "
    "gone, so people park on the verges and get fined.",
    "The canteen closes at 2pm so anyone on a late or a night has nothing hot to eat. A vending "
    "machine with proper meals would be something.",
    "Please stop sending the same mandatory training reminder six times a week. I did my fire "
    "safety module in March and the system still says overdue.",
    "Breast screening recall letters still go out second class. A text message would reach "
    "women faster and cost less.",
    "Our stroke unit has one speech and language therapist for 28 beds. Patients wait days for "
    "a swallow assessment and stay nil by mouth in the meantime.",
    "Obesity services have a two-year waiting list in our area. GPs have nowhere to refer people "
    "who want help and are told to go private.",
    "We lost three experienced midwives this year to agencies paying double. Retention "
    "payments for senior staff would cost less than the agency bill.",
    "Bleep 4417 is the site manager at night, but half the new starters do not know that. "
    "Put the key bleep numbers on the back of the ID badge.",
    "The patient passport for people with learning disabilities works well when it is used. "
    "Can it be scanned into the record at admission so it is not lost?",
    "Staff in theatres have nowhere to rest between cases except a cupboard with two chairs. "
    "A proper rest room would help people get through twelve-hour lists.",
    "More information is on the trust's intranet at https://intranet.example.nhs.uk/rota but "
    "nobody can reach it from home.",
    "The guidance on nhs.uk about flu jabs for staff is clear. Our own trust page contradicts "
    "it and confuses people.",
    "Physios on the respiratory ward are pulled to cover elsewhere almost every day, so "
    "patients who need chest physio go without.",
    "I have been a porter for 17 years and the lifts in the main block break down every week. "
    "Moving a patient in a bed up four floors by the back ramp is not safe.",
    "Why do we still fax referrals to the community teams in 2025? Half of them never arrive "
    "and the patient is readmitted.",
    "The menopause policy is good on paper. In practice nobody on nights can get a fan or a "
    "break when they need one.",
    "Student nurses on placement are often counted in the numbers. They are supernumerary and "
    "should be treated that way.",
    "Interpreters for appointments take a week to book. Video interpreting on a tablet would "
    "work for most outpatient clinics.",
    "Can we stop printing the whole handover sheet for every bay? A shared screen at the nurses' "
    "station would save paper and keep it current.",
    "Too many meetings are scheduled at 08:00 when clinical staff are handing over. Move them "
    "to lunchtime or record them.",
    "It is really demoralising when a complaint response takes 12 weeks. The family has given "
    "up by then and the staff involved have been left hanging.",
    "Domestic staff are the first to notice when a patient is confused or not eating. Include "
    "them in the safety huddle.",
    "The hospital at night team is stretched to breaking point. One FY1 doctor covered 200 "
    "medical patients last Tuesday.",
    "Pharmacy technicians could do medicines reconciliation on admission and free up the "
    "pharmacists for the complex cases.",
    "People with dementia get moved between wards at 3am because of bed pressures. Moving them "
    "at night makes the delirium worse.",
    "We should get the same access to occupational health as office staff. I waited eight "
    "weeks for a back assessment after lifting a patient.",
    "Junior doctors rotate every four months and lose their study leave each time. Let the "
    "budget follow the doctor, not the post.",
    "This is a good idea. We tried something similar on the renal unit and it cut the number "
    "of missed dialysis sessions by a third.",
    "I agree with the comment above. The pay for bank shifts is rubbish compared with the "
    "agencies, so the gaps go to agency staff at twice the cost.",
    "The abuse staff get from patients' relatives in ED has got worse since the pandemic. We "
    "need security on site at weekends and a clear zero-tolerance policy that is actually "
    "applied.",
    "Safeguarding referrals for domestic violence and female genital mutilation go through "
    "three different forms. One form would save time and miss fewer cases.",
    "Stoma nurses are amazing but there are only two of them for the whole trust. Patients "
    "after bowel surgery often go home without seeing one.",
    "Palliative care at home falls apart at weekends. Families call 111 and end up in A&E "
    "because the district nurses cannot get out to them.",
    "Blood results take so long to come back from the lab on Sundays that patients miss their "
    "discharge slot. Can the lab run a full service seven days?",
    "My colleague waited six months for a DBS check to clear before she could start. We lost "
    "a good healthcare assistant to a supermarket in the meantime.",
    "Could the trust publish the waiting times for each clinic on the website? Patients ring "
    "the switchboard all day asking and the staff have no answers.",
    "Whistleblowing should not depend on the goodwill of your line manager. Make it clear how "
    "to go straight to the guardian or to the CQC.",
    "ED has 30 cubicles and regularly holds 60 patients. Corridor care is now normal and it "
    "should not be.",
    "Give the ward clerks access to the bed management system. They already know which "
    "patients are going home before anyone else does.",
    "I love my job but I am exhausted. We need enough staff on each shift so that people can "
    "take their breaks, not a wellbeing app.",
    "Our Band 5 preceptorship is a real strength: new nurses have a named preceptor and "
    "protected study days. Other trusts could copy it.",
    "The ICU follow-up clinic helps patients make sense of what happened to them. It runs on "
    "goodwill and could close if the consultant retires.",
    "Vaccinations for staff should be offered on every shift, including nights and weekends, "
    "not only 9 to 5 in the occupational health building.",
    "Long text about the frailty pathway. When an older person comes into ED after a fall, the "
    "first few hours decide everything. At the moment they wait on a trolley for a medical "
    "review, then for a bed, and each move costs them. Many arrive with no more than a minor "
    "injury but leave weeks later having lost the ability to walk independently. Our frailty "
    "team has shown that a same-day comprehensive geriatric assessment, done by a consultant "
    "geriatrician, a therapist and a nurse together, sends more than half of these patients "
    "home within 24 hours with the right support. The problem is that the team only works "
    "weekdays from 8am to 6pm, and the community services it hands over to are not there at "
    "weekends either. If we funded a seven-day frailty service, with social workers on the "
    "rota and a direct line to the rapid response team, we would cut admissions, free up beds "
    "and stop older people deconditioning in hospital. The cost is a handful of posts; the "
    "saving in bed days would pay for them within a year, based on our audit last winter.",
    "A longer one about handover, written after a difficult week. Handover on our ward happens "
    "at the nurses' station, with phones ringing, relatives asking questions and the doctors' "
    "round starting at the same time. Important details get lost: last week a patient's "
    "allergy was missed and only caught by the pharmacist. I would like us to trial a "
    "structured handover in a quiet room, using the SBAR format, with a printed or on-screen "
    "summary from the electronic record rather than handwritten notes. Night staff would stay "
    "for fifteen extra minutes, paid, so the handover is not rushed. Other wards in the trust "
    "have done this and say incidents dropped. It is not glamorous but it is the kind of thing "
    "that keeps patients safe. We should also have a short safety huddle at 14:00 for the "
    "afternoon, when the discharges and new admissions collide, so that everyone knows which "
    "patients are deteriorating and who is going home. None of this needs new technology, just "
    "time and agreement from the managers that it matters. I am happy to help set it up on "
    "our ward if the matron agrees.",
    "Summary of what our team discussed at the away day, for anyone who missed it. First, the "
    "referral backlog: we have 412 patients waiting over 18 weeks, mostly for routine "
    "physiotherapy. We agreed to offer group classes for back pain and knee osteoarthritis, "
    "which the evidence supports and which patients have rated highly in other areas. Second, "
    "recruitment: two Band 6 posts have been vacant since the spring. The job adverts mention "
    "neither flexible working nor the rotation into the community, which are our best selling "
    "points, so we will rewrite them. Third, the estate: the gym on level 2 floods whenever it "
    "rains heavily and we lose sessions. Estates have been told several times; we will log "
    "every incident on Datix from now on so there is a record. Fourth, wellbeing: people "
    "valued the monthly team lunch and want it back. It costs very little and it is the only "
    "time we are all in one room. Finally, students: we take six physiotherapy students a "
    "year and they tell us the placement is excellent, but two said they felt left out of "
    "team decisions. We will invite them to the weekly team meeting. If anyone has ideas on "
    "the backlog in particular, please add them below or speak to me on the unit. Thanks to "
    "everyone who came and to the league of friends for the room.",
    "Thank you to the hospital chaplaincy team, who sat with a dying patient on our ward at "
    "4am when his family could not get there in time. That kindness matters more than any "
    "target.",
    "The consultant on the acute medical unit is always happy to teach, and it shows in how "
    "confident the junior staff are. Can teaching time be written into consultant job plans?",
    "Nurse Practitioner posts in the community have made a huge difference to our frail "
    "patients. The Advanced Practice team deserve more recognition.",
    "Our Sister Trust in the next county shares its pathology lab with us, and results come "
    "back faster than when we ran our own. Worth doing for radiology reporting too.",
    "The hospital gets hundreds of complaints about parking every year, and staff are sick and "
    "tired of hearing about it. Free parking for night staff would be a start.",
    "Sexual harassment of staff by patients is under-reported. A simple way to report it, and "
    "a visible response from managers, would help people speak up.",
)

# A realistic comment that identifies someone: every piece must be found, with exact spans.
DOXXING_COMMENT = (
    "The patient in bay 3 was John Smith, 14 Acacia Avenue, Leeds LS6 2AB. His number is "
    "07700 900123 if anyone wants to complain to him directly, and his NHS number is "
    "943 476 5919. Email him at john.smith@example.com."
)

# The OWASP XSS filter evasion cheat sheet, a representative selection. The prescreen sees
# plain text: it must neither crash nor treat these as anything but characters.
XSS_PAYLOADS: tuple[str, ...] = (
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=https://cdn.jsdelivr.net/gh/Moksh45/host-xss.rocks/index.js></SCRIPT>",
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"`/+/onmouseover=1/+/[*/[]/+alert(42);//'>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114'
    "&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116"
    '&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72"
    "&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    'perl -e \'print "<IMG SRC=java\\0script:alert(\\"XSS\\")>";\' > out',
    '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    '<svg/onload=alert("XSS")>',
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<STYLE>@im\\port'\\ja\\vasc\\ript:alert(\"XSS\")';</STYLE>",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,'
    'PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
    '<A HREF="http://0x42.0x0000066.0x7.0x93/">XSS</A>',
    '<A HREF="http://1113982867/">XSS</A>',
    '<A HREF="h\ntt\tp://6\t6.000146.0x7.147/">XSS</A>',
    "\u202e<script>alert(1)</script>\u200b\ufeff\x00",
    "\ud800 lone surrogate and a NUL \x00 in the text",
)

# Short sentences in the plain words of clinical work and staff experience. The model learned
# several of these words as signs of abuse; kept as a regression check on the neutral
# vocabulary (they were written after seeing the model's weights, unlike ORDINARY).
CLINICAL_SENTENCES: tuple[str, ...] = (
    "Sick leave is up again this quarter.",
    "Anal cancer screening is patchy across the region.",
    "The gay and lesbian staff network meets monthly.",
    "Black staff face discrimination in promotion.",
    "We need more mental health beds.",
    "The sexual health clinic is full by ten.",
    "Penile and vaginal examinations need a chaperone.",
    "Patients with faecal incontinence need more pads.",
    "The patient vomited blood twice overnight.",
    "Bloody diarrhoea must be reported to infection control.",
    "We see a lot of obese patients with diabetes.",
    "Hearing aids get lost on every ward move.",
    "New mums are discharged before breastfeeding is established.",
    "Swallow assessments take days to happen.",
    "The racist abuse from some patients is awful.",
    "Rape crisis referrals need a named contact.",
    "This is ridiculous.",
    "The new system is rubbish.",
    "It was a disgrace.",
    "Transgender patients wait years for the gender clinic.",
)

# Offensive or abusive texts the model should catch at the default thresholds, some with the
# abuse hidden at the end of a long friendly post, some disguised.
ABUSIVE: tuple[str, ...] = (
    "You are a fucking idiot.",
    "Shut up you stupid cow.",
    "Whoever wrote this is thick as shit and should be sacked.",
    "I hope you die, you worthless piece of shit.",
    "Fuck off.",
    "This is bullshit.",
    "The ward manager is a useless bitch.",
    "Go fuck yourselves, the lot of you.",
    "Anyone who agrees with this is a moron.",
    "What a load of shit from the managers.",
    "The registrar is a total dickhead.",
    "f u c k you and your rota",
    "the new matron is a b!tch",
    "this idea is sh1t",
    "ѕhit idea from a ѕtupid manager",
    "fuuuuck this place",
    ORDINARY[60] + " Dr Patel is a useless fucking idiot.",
    ORDINARY[61] + " Honestly the managers are all idiots.",
    ORDINARY[62] + " And you are a cunt.",
    ORDINARY[59] + " Go fuck yourself.",
)
