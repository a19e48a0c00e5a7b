"""Text generator for the demo challenge.

Pure Python with no Django imports, so ``seed_demo`` (and anything else) can call
it without loading models. Every function takes a ``random.Random`` and draws from
it alone, so the same seed always gives the same text.

The wording is compositional: each contribution is built from a topic's phrase
material (claims, problems, proposals, stories, details) and from shared
openings, connectives and closings. Contributions about one topic therefore
share that topic's vocabulary — which is what the analysis pipeline should pick
up as a theme — while being put together differently each time.

Topic material lives in ``TOPICS``. Clause strings start in lower case (unless
they begin with "I", an acronym or a proper noun) and carry no final full stop,
so they can follow an opening such as "In my experience, ". Stories are tagged
"+ " (something that worked) or "- " (something that went wrong) so that the
enablers question tells good stories and the barriers question bad ones.
"""

# The phrase material below is prose; breaking sentences across lines to fit 100 columns
# would make it much harder to read and edit, so long lines are allowed in this file only.
# ruff: noqa: E501

from __future__ import annotations

import random
import re

from accounts.choices import COUNTRIES, ORGANISATION_TYPES, ROLE_GROUPS

CHALLENGE_TITLE = (
    "How do we make bottom-up change happen in the NHS — and how should its "
    "managers and leaders be developed to support it?"
)

QUESTIONS: list[dict[str, str]] = [
    {
        "key": "enablers",
        "title": "What enables bottom-up change?",
        "description": (
            "Tell us what helps good ideas from staff, patients and the public take "
            "root: the people, habits, support and ways of working that have made "
            "change happen where you are."
        ),
    },
    {
        "key": "barriers",
        "title": "What prevents it?",
        "description": (
            "What gets in the way of bottom-up change in the NHS? Describe the "
            "obstacles you have met, whether in culture, time, staffing, money, "
            "management or structures."
        ),
    },
    {
        "key": "solutions",
        "title": "What are the solutions?",
        "description": (
            "Propose practical changes, including how managers and leaders should be "
            "developed, that would help bottom-up change happen. Say how they could "
            "be made to work."
        ),
    },
]
QUESTION_KEYS: list[str] = [q["key"] for q in QUESTIONS]

CATEGORIES: list[str] = [
    "Standards for managers",
    "Visible leadership",
    "Clinically led improvement",
    "Staffing and safety",
    "Time to improve",
    "Culture and speaking up",
    "Clinical leadership",
    "Leadership development",
    "Money and resources",
    "Trusting local teams",
    "Talent and careers",
]

# ---------------------------------------------------------------------------
# Topic material
# ---------------------------------------------------------------------------
# Keys per topic:
#   terms          core vocabulary (short labels people put in front of a post)
#   subjects       noun phrases, article included
#   enablers       clauses praising what helps
#   barriers       clauses describing what gets in the way
#   solutions      bare-infinitive proposals ("introduce ...")
#   benefits/harms noun phrases for what follows from doing / not doing it
#   details        standalone observations, any question
#   stories        first-person staff stories, tagged + or -
#   role_stories   extra stories that only fit one role group
#   public_stories stories patients, carers and the public can tell
#   steps          bare-infinitive implementation steps (for comments)
#   doubts         clauses raising a reservation
#   titles         short titles per question

TOPICS: list[dict] = [
    {
        "key": "management_standards",
        "label": "A national training framework, common standards and a code of practice",
        "category": "Standards for managers",
        "weight": 8,
        "terms": ["Management standards", "Training framework", "Code of practice"],
        "subjects": [
            "a national training framework for NHS managers",
            "common standards that every manager is trained and assessed against",
            "a code of practice for managers, like the ones nurses and doctors already have",
            "a recognised management qualification that travels with you between trusts",
            "a clear set of management competencies for each band",
            "professional registration for senior managers",
        ],
        "enablers": [
            "having one national framework means a new ward manager in Leeds and one in Truro start from the same standard",
            "managers who have been trained against common standards are far more confident about letting their teams try things",
            "a written code of practice gives managers something to point to when they back a frontline idea",
            "our trust adopted a competency framework for band 7s and suddenly people knew what good management looked like",
            "when the standards are explicit, staff know what they can reasonably expect from their manager",
            "a shared framework gives everyone a common language for talking about management, which makes change easier to discuss",
            "managers who hold a recognised qualification tend to delegate more and micromanage less",
        ],
        "barriers": [
            "management training is a postcode lottery that depends entirely on which trust you happen to join",
            "most managers are promoted for their clinical skill and then left to work out management on their own",
            "there is no code of practice for managers, so poor behaviour is rarely challenged",
            "every trust writes its own leadership curriculum from scratch, and none of them are recognised anywhere else",
            "nobody can tell you what a good NHS manager is actually expected to know",
            "the training that is done at all is usually a two-day course with no follow-up and no assessment",
            "unlike nurses and doctors, managers have no professional standards they can be held to",
        ],
        "solutions": [
            "introduce a national training framework with common standards for every NHS manager",
            "publish a code of practice for managers and make it part of every job description",
            "make a recognised management qualification a condition of appointment to senior posts",
            "set out clear management competencies for each band, from team leader to director",
            "create a professional register for senior managers, with revalidation like clinicians have",
            "accredit trust leadership programmes against one national standard so that the learning is portable",
            "assess new managers against the standards in their first year, with support rather than punishment",
            "build the framework with frontline staff, not just HR, so that it reflects what good management feels like on a ward",
        ],
        "benefits": [
            "a consistent standard of management wherever you work",
            "managers who know what is expected of them, and staff who know what to expect",
            "portable qualifications that don't need repeating every time someone moves trust",
            "fewer people thrown into management with nothing but good intentions",
            "a profession that managers can be proud to belong to",
            "a fair basis for holding managers to account",
        ],
        "harms": [
            "wildly different management quality from one ward to the next",
            "talented clinicians floundering in their first management post",
            "managers who never learned how to support a team through change",
            "poor management behaviour that goes unchallenged for years",
            "training money spent on courses that nobody recognises",
            "staff losing faith that management is a real skill at all",
        ],
        "details": [
            "most band 7s I know were promoted because they were excellent clinicians, not because anyone tested their management skills",
            "nurses have the NMC code and doctors have Good Medical Practice, but managers have nothing equivalent",
            "a framework doesn't need to be heavy; a one-page set of standards per band would be a start",
            "staff move between trusts all the time, and their management training rarely moves with them",
            "common standards would also make it far easier to spot where someone needs more support",
            "other sectors have chartered status for managers, so this is hardly a radical idea",
            "the standards should cover people skills, improvement methods and finance, not just policies",
        ],
        "stories": [
            "- I was made a manager on a Friday and started on the Monday with no training at all, and I learned everything by making mistakes in front of my team",
            "- I moved trusts and had to repeat a leadership course that covered exactly the same ground, because my old certificate wasn't recognised",
            "- I once worked for a manager who had never been told what was expected of her, and she simply copied the worst habits of the person before her",
            "+ we introduced a simple set of standards for our team leaders, and within a year the staff survey scores for that division went up noticeably",
            "- I sat on an interview panel where none of us could agree what a good manager needed to know, because nothing was written down",
            "+ I worked under a manager who had done an accredited management programme, and the difference in how she ran the team was obvious from the first week",
        ],
        "role_stories": {
            "manager": [
                "- I have managed services for fifteen years and I still have no recognised qualification to show for it, despite doing every course I was offered",
            ],
            "nurse": [
                "- I became a ward sister after nine years as a staff nurse, and the only management preparation I had was a half-day on the sickness policy",
            ],
        },
        "public_stories": [
            "- I was surprised to learn that NHS managers don't need any particular qualification, when the clinicians they manage need several",
            "- I have watched two wards in the same hospital run completely differently, and it clearly came down to how each manager had been prepared",
            "- I assumed there was a national standard for NHS managers until a friend who works in the service told me otherwise",
        ],
        "steps": [
            "draft the standards with a mix of frontline staff, managers and HR, and test them on a few wards",
            "start with band 7 ward and team managers, where the gap is biggest",
            "map existing trust courses against the standards so that nobody has to start again",
            "publish the code of practice in plain English and put it on the intranet front page",
            "agree with the national bodies how the qualification will be recognised between trusts",
            "build the standards into appraisal so they are used, not just filed",
        ],
        "doubts": [
            "a national framework could easily turn into another box-ticking exercise if it isn't backed by time to actually learn",
            "a code of practice without any consequences behind it will be ignored",
            "professional registration would mostly add paperwork and fees",
            "one national standard may not fit very different settings, like a rural GP practice and a large teaching hospital",
        ],
        "titles": {
            "enablers": [
                "Common standards for managers",
                "A framework everyone understands",
                "Knowing what good management looks like",
                "A code of practice helps",
            ],
            "barriers": [
                "Management training is a postcode lottery",
                "Promoted without preparation",
                "No standards for managers",
                "Nothing to hold managers to",
            ],
            "solutions": [
                "A national training framework",
                "A code of practice for managers",
                "Make management a profession",
                "Portable management qualifications",
            ],
        },
    },
    {
        "key": "managers_on_the_floor",
        "label": "Managers on the floor alongside nurses, with a frontline buddy",
        "category": "Visible leadership",
        "weight": 10,
        "terms": ["Visible leadership", "Managers on the floor", "Frontline buddy"],
        "subjects": [
            "managers who regularly work a shift on the floor",
            "a frontline buddy for every manager",
            "regular walkabouts by senior leaders, with time to listen properly",
            "a manager who knows the names of the people on the night shift",
            "board members shadowing a ward, a clinic or an ambulance crew",
            "visible leaders who turn up when things are busy, not just for the photographs",
        ],
        "enablers": [
            "our general manager spends one shift a month working alongside the nurses, and she understands our problems far better for it",
            "managers who see the ward at 3am understand why things go wrong at 3am",
            "being paired with a frontline buddy means a manager hears about problems before they become complaints",
            "when leaders are visible on the floor, staff bring them ideas instead of saving them for the exit interview",
            "a director who has helped with a drug round talks about staffing very differently in the boardroom",
            "regular floor time builds the trust that managers need before they ask anyone to change anything",
            "staff are more willing to try a new way of working when they know the manager has seen the old one for themselves",
        ],
        "barriers": [
            "many managers never leave the office block, and the ward feels like a different organisation",
            "walkabouts happen once a year, with an entourage, and everyone puts on a show",
            "managers' diaries are so full of meetings that time on the floor is the first thing to go",
            "decisions about the front line are made by people who haven't seen it for years",
            "staff don't recognise their own senior managers, let alone feel able to talk to them",
            "visits from leaders are announced so far in advance that they only ever see a tidied-up version of the ward",
            "there is no expectation, let alone protected time, for managers to work alongside clinical staff or shadow them",
        ],
        "solutions": [
            "ask every manager to spend at least one shift a month on the floor alongside the nurses",
            "pair every manager with a frontline buddy who tells them honestly what is going on",
            "build floor time into managers' job plans so that it can't be cancelled for meetings",
            "have board members shadow a ward, clinic or crew every quarter and report back what they learned",
            "make night and weekend visits by managers routine rather than exceptional",
            "let buddies swap for a day, so that a nurse sits in on the manager's meetings as well",
            "move some managers' desks onto the wards or into clinical areas",
            "ask managers to write up one thing they changed after each shift on the floor",
        ],
        "benefits": [
            "managers who understand the realities of the job they are managing",
            "decisions grounded in what actually happens on the ward",
            "a relationship of trust between the board and the front line",
            "problems spotted weeks before they reach a complaint or an incident form",
            "staff who feel seen and listened to",
            "leaders who can explain the front line to the board from first-hand experience",
        ],
        "harms": [
            "a gulf between the office and the ward",
            "policies that look sensible on paper and fall apart on a night shift",
            "staff who assume nobody upstairs cares",
            "problems that only come to light after something goes badly wrong",
            "managers making decisions on second-hand information",
            "cynicism every time a senior visit is announced",
        ],
        "details": [
            "it doesn't have to be clinical work; answering call bells, making beds or helping with discharges all count",
            "the buddy needs to be someone who will speak freely, not the person most likely to say everything is fine",
            "night shifts and weekends are where the real problems show, and they are where managers are rarely seen",
            "some of the best managers I've known kept their clinical registration going and used it",
            "a shift on the floor is worth more than any number of dashboards",
            "staff can tell the difference between a genuine visit and a photo opportunity in about thirty seconds",
            "even an hour a week on the floor changes what a manager notices",
        ],
        "stories": [
            "+ I remember a director who worked a night shift with us, and the next week the broken hoist we'd been reporting for months was replaced",
            "- I've seen a chief executive walk onto a ward, look at the bank staff list and ask nobody anything, and that told us everything",
            "+ we started inviting our service manager to the morning safety huddle, and within weeks she was fixing things we had given up reporting",
            "+ I once watched a new manager spend a week doing every job on the unit before changing a thing, and the team would have followed her anywhere",
            "+ I saw our ward change completely after the new general manager started coming to the safety huddle every morning",
            "- I worked in one trust for three years and never once met anyone more senior than the matron on the ward",
        ],
        "role_stories": {
            "nurse": [
                "- I have been a ward sister for eleven years and I could count on one hand the number of times a senior manager has worked a shift with us",
            ],
            "manager": [
                "+ I block out every Thursday afternoon to work on one of our wards, and it is the most useful thing in my diary",
                "+ I was buddied with a ward nurse when I started in management, and those monthly conversations taught me more than any course",
            ],
        },
        "public_stories": [
            "- I was on a ward for two weeks and never once saw anyone who looked like they were in charge of more than a single shift",
            "+ I noticed that the ward where the manager was always around felt calmer, and the staff were kinder to each other",
            "- I visited my father every day for a month, and the only manager I ever met was the one who came to apologise after a complaint",
        ],
        "steps": [
            "agree a minimum number of floor hours in each manager's job plan and report it to the board",
            "let frontline teams choose their manager's buddy rather than assigning one",
            "start with the executive team so that middle managers see it is taken seriously",
            "keep a short log of what managers learned on each shift and what they did about it",
            "rotate visits across nights, weekends and bank holidays, not just weekday mornings",
            "give managers a simple induction so they know what they can safely help with on a clinical shift",
        ],
        "doubts": [
            "a monthly shift won't mean much if the manager spends it on their phone answering emails",
            "some managers aren't clinically trained, and putting them on the floor could get in the way on a busy shift",
            "managers are already overloaded, so something else would have to give",
            "buddying only works if the buddy feels safe to be honest, which isn't a given",
        ],
        "titles": {
            "enablers": [
                "Managers who know the floor",
                "Our manager works a shift with us",
                "Frontline buddies work",
                "Visible leaders",
            ],
            "barriers": [
                "Managers who never leave the office",
                "The annual walkabout",
                "Too far from the front line",
                "Leaders nobody recognises",
            ],
            "solutions": [
                "A shift a month on the floor",
                "A frontline buddy for every manager",
                "Put floor time in job plans",
                "Move managers' desks onto the wards",
            ],
        },
    },
    {
        "key": "improvement_teams",
        "label": "Small, clinically led improvement teams picked from within",
        "category": "Clinically led improvement",
        "weight": 9,
        "terms": ["Improvement teams", "Sharing good practice", "Quality improvement"],
        "subjects": [
            "small, clinically led improvement teams picked from within",
            "a local improvement team made up of people who actually do the work",
            "improvement champions on every ward",
            "a trust-wide network for sharing good practice between teams",
            "quick cycles of testing, with plan-do-study-act run by clinicians",
            "a showcase where teams present what they have improved",
        ],
        "enablers": [
            "our improvement team is made up of a nurse, a physio and a junior doctor, and because they are from here people listen to them",
            "small teams picked from within know which changes will actually work on a Tuesday afternoon",
            "running small tests of change lets us try an idea for a week without asking anyone's permission",
            "sharing good practice between wards means one team's fix quickly becomes everybody's",
            "clinicians leading improvement makes it feel like our project rather than something done to us",
            "a monthly showcase where teams share what worked has spread more ideas than any directive",
            "when frontline staff are trained in improvement methods, they stop waiting for someone else to fix things",
        ],
        "barriers": [
            "improvement is done to us by external consultants who leave before anything sticks",
            "good practice stays trapped on one ward because there is no way of sharing it",
            "the improvement team sits in a corporate office and rarely meets the people doing the work",
            "clinicians who want to lead an improvement project are told to do it in their own time",
            "every idea has to go through three committees before anyone can test it",
            "improvement projects are chosen from the top, so staff don't feel any ownership of them",
            "nobody measures whether a change has worked, so successes and failures look the same",
        ],
        "solutions": [
            "set up small, clinically led improvement teams picked from within each division",
            "train a few improvement champions on every ward in simple methods like plan-do-study-act",
            "hold a regular showcase where teams share what they have improved and how",
            "let frontline teams run small tests of change without waiting for committee approval",
            "create an online library of local improvements that other wards can copy",
            "give each improvement team a senior sponsor who clears obstacles rather than directing the work",
            "rotate clinicians through the improvement team for six months so that the skills spread",
            "pair wards that have solved a problem with wards that are still struggling with it",
        ],
        "benefits": [
            "changes that fit the way the ward actually works",
            "good practice spreading from one team to the next without a directive",
            "frontline staff with the skills to fix problems themselves",
            "a culture where testing an idea is normal rather than risky",
            "improvements that last after the project ends",
            "ownership of change by the people who have to live with it",
        ],
        "harms": [
            "projects that collapse the moment the consultants leave",
            "the same problem being solved separately on five different wards",
            "staff who see improvement as someone else's job",
            "initiative fatigue and a lot of cynicism about improvement projects",
            "ideas that die in a committee before anyone has tested them",
            "clever local fixes that nobody outside the ward ever hears about",
        ],
        "details": [
            "the improvement team should be small, three or four people, and mostly clinicians",
            "people picked from within already have the relationships that an outsider takes months to build",
            "plan-do-study-act sounds like jargon, but it is really just trying something small and checking whether it worked",
            "the best improvement projects I have seen started with a frustration on the ward, not a target from above",
            "spreading good practice needs a mechanism, not just a newsletter",
            "a modest budget for small tests of change goes a very long way",
            "the team needs data, even simple counts on a whiteboard, to know whether a change has made a difference",
        ],
        "stories": [
            "+ I was part of a three-person improvement team that cut our discharge delays by redesigning the afternoon ward round, and we only managed it because we were given four hours a week",
            "+ we changed how we handed over on night shifts after a healthcare assistant suggested it, tested it for a fortnight and never went back",
            "- I watched a consultancy spend six months on our outpatient clinics, and the changes were gone within a year of them leaving",
            "+ I went to an improvement showcase where a ward from the other side of the hospital had solved exactly the problem we had been struggling with for a year",
            "+ I helped set up an improvement network across our community teams, and ideas that used to stay in one locality now spread in weeks",
            "- I suggested a small test of change to our handover and was told it would need to go to the quality committee, which met every three months",
        ],
        "role_stories": {
            "doctor": [
                "+ I led a small improvement project as a registrar to speed up antibiotic prescribing, and the nurses made it work far better than my original plan",
            ],
            "ahp": [
                "+ I ran a test of change in our therapy gym with two colleagues, and we halved the waiting time for first assessments",
            ],
        },
        "public_stories": [
            "+ I noticed that the clinic where staff had redesigned the booking process themselves was the only one that ran to time",
            "+ I sat on a patient panel for an improvement project led by two nurses, and it was the first time I felt patients' views were really used",
            "+ I have seen small changes made by ward staff, like a clearer visiting board, make a bigger difference than any big reorganisation",
        ],
        "steps": [
            "choose the first improvement project from a frustration staff already talk about",
            "agree four protected hours a week for each team member before starting",
            "measure one simple thing before and after the change",
            "present the results at the next divisional meeting so that other wards can copy them",
            "ask the trust's central improvement team to coach rather than lead",
            "write each improvement project up on a single page so it can be shared easily",
        ],
        "doubts": [
            "picking from within can mean the same enthusiastic people always get chosen while others are left out",
            "small local improvement teams may fix things in ways that conflict with what other departments are doing",
            "without proper support, clinically led projects run out of steam when the lead changes jobs",
            "sharing good practice sounds easy, but what works on one ward doesn't always transplant to another",
        ],
        "titles": {
            "enablers": [
                "Improvement led from within",
                "Small teams, real change",
                "Sharing what works",
                "Testing ideas on the ward",
            ],
            "barriers": [
                "Improvement done to us",
                "Good practice stays on one ward",
                "Committees kill ideas",
                "Consultants come and go",
            ],
            "solutions": [
                "Clinically led improvement teams",
                "Improvement champions on every ward",
                "A showcase for local improvements",
                "Let teams test small changes",
            ],
        },
    },
    {
        "key": "safe_staffing",
        "label": "Finding staffing gaps before they become unsafe shifts; agency and skill mix",
        "category": "Staffing and safety",
        "weight": 12,
        "terms": ["Safe staffing", "Skill mix", "Agency staff", "Rota gaps"],
        "subjects": [
            "an early warning system for gaps in the rota",
            "a rota that is planned far enough ahead to spot staffing gaps",
            "a safe staffing tool that ward managers actually trust",
            "a proper skill mix on every shift",
            "a well-run staff bank instead of expensive agency cover",
            "a daily staffing huddle across the hospital",
        ],
        "enablers": [
            "our matron reviews the rota six weeks ahead, so gaps are filled long before they turn into unsafe shifts",
            "a twice-daily staffing huddle lets us move people between wards before anyone is left dangerously short",
            "an in-house staff bank with fair rates means we rarely need agency staff we don't know",
            "when ward managers can see the acuity of their patients alongside the rota, the case for extra staff makes itself",
            "having a stable team with the right skill mix frees everyone to think about improving things rather than just surviving the shift",
            "e-rostering, used properly, shows patterns in sickness and rota gaps that nobody could see on paper",
            "a ward manager who is allowed to book cover without three sign-offs can keep shifts safe",
        ],
        "barriers": [
            "gaps in the rota are only discovered the night before, when the only option is expensive agency cover",
            "we are so short-staffed that there is no headroom to think about change at all",
            "the skill mix on many shifts is one registered nurse and a row of agency staff who don't know the ward",
            "agency spending eats the budget that could pay for permanent posts",
            "nobody is going to suggest an improvement when they are worried about getting through the shift safely",
            "staffing decisions are made from spreadsheets rather than from the acuity of the patients on the ward",
            "raising a staffing concern is treated as a complaint rather than as safety information",
        ],
        "solutions": [
            "use the e-roster to flag staffing gaps at least four weeks before they turn into unsafe shifts",
            "hold a daily cross-site staffing huddle so that staff can be moved before a ward is left short",
            "invest in a staff bank with fair rates so that agency staff become the exception",
            "set a minimum skill mix for each ward and publish it at the ward entrance",
            "give ward managers authority to book cover when their safe staffing tool says they are short",
            "convert long-running agency spending into permanent posts",
            "treat every staffing concern as safety data and report the trends to the board",
            "build a little slack into every rota so that one sickness call doesn't tip a shift into danger",
        ],
        "benefits": [
            "safer shifts and fewer last-minute scrambles for cover",
            "money saved on agency fees that can be spent on permanent staff",
            "staff with enough headroom to think about improvement",
            "patients cared for by people who know the ward",
            "fewer incidents caused by tired, overstretched teams",
            "ward managers who can plan the rota instead of firefighting",
        ],
        "harms": [
            "unsafe shifts that everyone could see coming",
            "a huge agency bill and no permanent staff to show for it",
            "exhausted staff leaving, which makes the rota gaps even worse",
            "missed observations and delayed medication",
            "a team with no energy left for anything except getting through the shift",
            "a vicious circle of sickness, overtime and burnout",
        ],
        "details": [
            "most of the gaps that turn into unsafe shifts were visible in the rota weeks earlier",
            "an agency nurse who has never worked on the ward needs looking after on top of the patients",
            "skill mix matters as much as numbers; four staff with one registered nurse is not the same as four registered nurses",
            "the safe staffing tools exist already, but they are rarely trusted or acted on",
            "safe staffing is the foundation, because nobody thinks about innovation on a ward that is three short",
            "bank staff who know the trust are worth far more than their hourly rate suggests",
            "the same small number of people are always asked to do the extra shifts, and they are the ones who burn out",
        ],
        "stories": [
            "- I have worked shifts where the only registered nurse had twenty-eight patients, and improvement was the last thing on anyone's mind",
            "- I watched our ward spend a fortune on agency cover for a vacancy that had been known about for six months",
            "+ we started looking at the rota four weeks ahead in our team meeting, and the number of last-minute agency bookings fell dramatically",
            "- I once raised a staffing concern and was asked why I couldn't manage, as if the gap were my fault",
            "- I was moved to a ward I had never worked on to fill a gap, and spent the shift learning where everything was instead of caring for patients",
            "+ I saw our trust bring agency spending down by half simply by paying bank staff promptly and fairly",
        ],
        "role_stories": {
            "manager": [
                "- I spend most of every Monday morning trying to fill rota gaps for the week that I could have seen a month earlier with better information",
            ],
            "nurse": [
                "- I have lost count of the times I've stayed two hours after my shift because the night nurse was agency and had never been on the ward",
                "- I have worked nights as the only registered nurse for twenty-eight patients, and nobody above the ward seemed to think that was unusual",
            ],
        },
        "public_stories": [
            "- I could tell which nights the ward was short-staffed, because call bells rang for twenty minutes and the staff looked close to tears",
            "- I saw my mother cared for by a different agency nurse every night, none of whom knew her history",
            "- I have never complained about staff, but I did complain about staffing, and it took months to get a reply",
        ],
        "steps": [
            "start by reviewing the rota four weeks ahead at every ward meeting",
            "agree a simple escalation rule: if the safe staffing tool shows a gap, the manager books cover without further sign-off",
            "report agency spend by ward each month, next to vacancies, so that the pattern is obvious",
            "involve the staff bank office in the daily staffing huddle",
            "pilot permanent posts on the two wards with the highest agency bill",
            "ask staff which shifts feel unsafe and compare that with what the staffing tool says",
        ],
        "doubts": [
            "flagging rota gaps early won't help if there is simply nobody available to fill them",
            "minimum skill mix rules could become a ceiling rather than a floor",
            "bank rates that are too generous can pull staff away from permanent contracts",
            "staffing tools only work if the acuity data is entered properly, which takes time nobody has",
        ],
        "titles": {
            "enablers": [
                "Spotting staffing gaps early",
                "A staffing huddle that works",
                "A stable team makes change possible",
                "Our staff bank beats agency",
            ],
            "barriers": [
                "No headroom for change",
                "Unsafe shifts we saw coming",
                "Agency costs crowd out everything",
                "Surviving the shift",
            ],
            "solutions": [
                "Flag staffing gaps weeks ahead",
                "Safe skill mix on every shift",
                "Turn agency spend into permanent posts",
                "Trust ward managers to book cover",
            ],
        },
    },
    {
        "key": "protected_time",
        "label": "Protected time to think, test and learn",
        "category": "Time to improve",
        "weight": 11,
        "terms": ["Protected time", "Time to think", "The day job"],
        "subjects": [
            "protected time to think, test and learn",
            "a regular half day each month set aside for improvement",
            "time in the job plan for improvement work",
            "an away day where the team actually plans change",
            "ring-fenced time that isn't swallowed by the day job",
            "a quiet hour each week when the team can step back from firefighting",
        ],
        "enablers": [
            "our team gets one protected afternoon a month for improvement, and almost every change we've made came out of it",
            "time to think is what turns a moan in the staff room into a workable idea",
            "when protected time is written into job plans, it survives the winter",
            "having even an hour a week away from the day job lets people test small changes properly",
            "staff who are given time to learn come back with ideas and the energy to try them",
            "a team away day where we mapped our own processes did more than a year of instructions from above",
            "protected time signals that the organisation values improvement as real work",
        ],
        "barriers": [
            "the day job always wins, so improvement is something you do after your shift, unpaid",
            "protected time gets cancelled the moment the ward is busy, which is always",
            "study leave and improvement time are the first things to be cut when money is tight",
            "staff are expected to innovate without being given a single minute of protected time to do it",
            "every meeting about improvement is squeezed into a lunch break that nobody actually takes",
            "there is no slack in the day, so any time spent thinking feels like letting colleagues down",
            "managers talk about innovation but count only the time spent on direct tasks",
        ],
        "solutions": [
            "give every team a protected half day each month for improvement, written into the rota",
            "put improvement time into job plans for all staff groups, not just consultants",
            "stop cancelling protected time for routine pressures, and record every time it is lost",
            "fund backfill so that staff can step away from the day job without leaving the ward short",
            "hold a quarterly team away day devoted to testing and learning",
            "let staff swap a small amount of overtime for protected improvement time",
            "allow a fixed number of days each year for staff to visit other trusts and learn from them",
            "make time to think part of how we judge a well-run ward",
        ],
        "benefits": [
            "room to think, test and learn rather than just cope",
            "ideas that are properly tested instead of half-tried",
            "staff who feel their improvement work is valued",
            "a steady flow of small changes from the people who know the job best",
            "less burnout, because people have time to fix the things that frustrate them",
            "a team that looks ahead rather than lurching from one crisis to the next",
        ],
        "harms": [
            "good ideas that nobody ever has time to try",
            "improvement work done unpaid, late at night, by the same few people",
            "teams stuck firefighting the same problems week after week",
            "a workforce too tired to think about doing things differently",
            "improvement projects abandoned halfway through every winter",
            "the feeling that time to improve is a luxury rather than part of the job",
        ],
        "details": [
            "consultants have supporting activity time in their job plans, but nurses and allied health professionals rarely have anything equivalent",
            "protected time only works if there is backfill; otherwise colleagues pay for it",
            "a small amount of regular protected time beats an occasional big away day that everyone forgets",
            "the first thing to go in any busy week is the thinking time, and that is exactly why nothing changes",
            "recording when protected time is cancelled would show the board how rarely it really happens",
            "improvement is real work and should be scheduled like real work",
            "people need time not only to come up with ideas but to test them and learn from the results",
        ],
        "stories": [
            "- I had a project to cut waiting times in our clinic, but I only ever worked on it after my shift, and after four months I gave up",
            "+ our team was given two hours of protected time every other Wednesday, and that is where our new admission checklist came from",
            "- I was promised protected time for a quality improvement course, and it was cancelled six weeks in a row",
            "+ we held a team away day for the first time in years and came back with five ideas, three of which we have now put in place",
            "+ I used my study leave to visit another trust's unit, and copied two of their ideas the following month",
            "- I have sat in improvement meetings held over lunch where half the team were called away before we had started",
        ],
        "role_stories": {
            "doctor": [
                "- I have four hours of supporting time in my job plan, but the nurses I work with have none, so every improvement project ends up lopsided",
            ],
            "ahp": [
                "- I ran a service redesign entirely in my lunch breaks because there was no protected time in the week for it",
            ],
        },
        "public_stories": [
            "- I have worked in places where a few hours a week for improvement is normal, and I was surprised to learn NHS staff rarely get any",
            "- I have watched nurses on my mother's ward try to fix things in between everything else, and they never seemed to get the chance to finish",
            "+ I noticed the best-run clinic I go to closes for an hour one afternoon a month so the staff can plan, and it shows",
        ],
        "steps": [
            "block the protected time in the rota three months ahead so it is planned like any other shift",
            "record every cancellation of protected time and report the figure monthly",
            "agree backfill funding with finance before launching the scheme",
            "start with one team as a pilot and share what they achieve with the time",
            "ask staff to name one thing they will test in their protected time",
            "keep the protected time short and regular rather than long and occasional",
        ],
        "doubts": [
            "with current vacancy rates I can't see where the backfill for protected time would come from",
            "protected time can become just another meeting if there isn't a clear purpose",
            "some staff will use the time well and others won't, and that causes resentment",
            "it's easy to agree protected time in principle and then quietly cancel it every winter",
        ],
        "titles": {
            "enablers": [
                "Time to think makes the difference",
                "Our monthly improvement afternoon",
                "Protected time that stays protected",
                "Away days that work",
            ],
            "barriers": [
                "The day job always wins",
                "No time to think",
                "Improvement in our own time",
                "Cancelled again",
            ],
            "solutions": [
                "Protected time in every job plan",
                "A half day a month for improvement",
                "Fund backfill for improvement time",
                "Stop cancelling thinking time",
            ],
        },
    },
    {
        "key": "speaking_up",
        "label": "An open culture where concerns are raised without fear; Freedom to Speak Up",
        "category": "Culture and speaking up",
        "weight": 12,
        "terms": ["Speaking up", "Open culture", "Freedom to Speak Up"],
        "subjects": [
            "an open culture where concerns are raised without fear",
            "a Freedom to Speak Up guardian who is visible and trusted",
            "managers who thank people for raising problems",
            "a just culture that learns from mistakes instead of blaming",
            "an anonymous way to raise concerns and ideas",
            "leaders who admit their own mistakes in public",
        ],
        "enablers": [
            "our Freedom to Speak Up guardian walks the wards every week, and people use her because they know her",
            "when a manager thanks someone for raising a concern, everyone else notices and speaks up too",
            "a just culture, where incidents are about learning and not blame, makes people honest about what went wrong",
            "being able to raise ideas anonymously gets the quiet voices heard, not just the confident ones",
            "leaders who say 'I got that wrong' in front of their teams make it safe for everyone else to speak up",
            "psychological safety is the thing that lets a junior member of staff challenge a senior one",
            "feedback on what happened after a concern was raised is what makes people raise the next one",
        ],
        "barriers": [
            "people are frightened to raise concerns because they have seen what happened to colleagues who did",
            "speaking up is still seen as disloyalty in too many teams",
            "concerns disappear into a process and nobody ever hears what happened",
            "incident reporting feels like a way of finding someone to blame rather than something to learn from",
            "junior staff don't feel able to challenge senior colleagues, even when patients are at risk",
            "the Freedom to Speak Up guardian is a name on a poster that nobody has ever met",
            "bullying from the top sets the tone, and people keep their heads down rather than speak up",
        ],
        "solutions": [
            "give Freedom to Speak Up guardians protected time and make them visible on every site",
            "publish, anonymously, what has changed as a result of concerns raised each quarter",
            "train every manager to respond to concerns with thanks and follow-up rather than defensiveness",
            "make incident reviews about learning, with a no-blame default unless there is genuine misconduct",
            "offer an anonymous channel for raising both concerns and ideas",
            "include speaking-up culture in every manager's appraisal",
            "ask senior leaders to share their own mistakes, and what they learned, at staff briefings",
            "protect staff who speak up from any detriment, and act quickly when it happens",
        ],
        "benefits": [
            "problems surfaced early, while they can still be fixed",
            "staff who feel safe telling the truth",
            "a culture that learns instead of blaming",
            "ideas from quieter staff, not just the loudest voices",
            "fewer serious incidents, because warning signs are heard",
            "trust between teams and their leaders",
        ],
        "harms": [
            "problems hidden until they become scandals",
            "silence in meetings and honesty only in exit interviews",
            "good people leaving rather than raising what worries them",
            "the same mistakes repeated because nobody felt safe reporting them",
            "a fear of change, because any mistake could be punished",
            "ideas that are never voiced because the last person to speak up was labelled difficult",
        ],
        "details": [
            "people don't need to be told to speak up; they need to see that it is safe and that something happens as a result",
            "the way a manager reacts to the first concern they hear sets the culture for years",
            "anonymity matters most at the start, until trust has been built",
            "bottom-up change relies on people being willing to say that the current way isn't working",
            "a just culture is not a no-consequences culture, but it starts from learning, not blame",
            "closing the loop, telling people what happened after they raised a concern, is the part most often forgotten",
            "speaking up isn't only about safety concerns; it's also about suggesting better ways of doing things",
        ],
        "stories": [
            "- I raised a concern about an unsafe practice and was moved to another ward within a month, and I have kept quiet ever since",
            "+ I saw a new consultant thank a student nurse for challenging her prescription, and the whole team relaxed",
            "+ we started ending our safety huddle with 'what worried you today?', and it took a few weeks, but people started answering",
            "+ I contacted our Freedom to Speak Up guardian about a bullying manager and, to my surprise, things actually changed",
            "+ I once reported an incident I had caused myself, and the review focused on the system rather than on me, which made me far more willing to report the next one",
            "- I reported the same concern three times and never heard anything back, so I stopped reporting",
        ],
        "role_stories": {
            "doctor": [
                "- I was a foundation doctor when I first saw a registrar shouted down for questioning a plan, and it taught all of us to stay quiet",
            ],
            "admin": [
                "- I have noticed patterns in complaints that could have been raised much earlier, but admin staff are rarely asked what they think",
            ],
        },
        "public_stories": [
            "- I raised a concern about my father's care and was treated as a troublemaker, which made me wonder how staff who raise concerns are treated",
            "+ I noticed that staff on one ward were far more open with us about what had gone wrong, and it made us trust them more, not less",
            "- I have read the inquiry reports, and the same thing comes up every time: people knew, but didn't feel able to speak up",
        ],
        "steps": [
            "put a simple 'you said, we did' board on each ward for concerns and ideas",
            "train managers in a short, practical session on how to respond when someone raises a concern",
            "give the Freedom to Speak Up guardian a regular slot at team meetings on every site",
            "track how long it takes to respond to concerns and report it to the board",
            "start every incident review by asking what the system made easy to get wrong",
            "make the anonymous channel easy to find on the intranet and the staff app",
        ],
        "doubts": [
            "anonymous channels can be misused for grudges, so they need careful moderation",
            "a guardian employed by the trust may not feel independent enough for people to trust",
            "culture takes years to change, and a few posters and training sessions won't do it",
            "no-blame can be misunderstood as no accountability, which worries people who have been harmed",
        ],
        "titles": {
            "enablers": [
                "Safe to speak up",
                "A guardian people actually know",
                "Thanking people for raising concerns",
                "Learning, not blaming",
            ],
            "barriers": [
                "Fear of speaking up",
                "Concerns vanish into a process",
                "Blame culture",
                "Heads down",
            ],
            "solutions": [
                "Make speaking up safe",
                "Close the loop on concerns",
                "Visible Freedom to Speak Up guardians",
                "You said, we did",
            ],
        },
    },
    {
        "key": "mentoring_doctors",
        "label": "Mentoring and shadowing for doctors in training who will lead departments",
        "category": "Clinical leadership",
        "weight": 7,
        "terms": ["Clinical leadership", "Mentoring", "Doctors in training"],
        "subjects": [
            "mentoring for doctors in training who will go on to lead departments",
            "a senior mentor from outside your own specialty",
            "a few weeks shadowing a clinical director",
            "leadership placements during specialty training",
            "a chief registrar role with real responsibility",
            "management experience before the first consultant post",
        ],
        "enablers": [
            "a mentor from another specialty can show a trainee how decisions in the hospital are actually made",
            "shadowing the medical director gives a registrar more insight into running a department than years of clinical training",
            "trainees who have sat in on business meetings are far less frightened of the management side when they become consultants",
            "a chief registrar post gives a senior trainee real responsibility for a service change while they still have support",
            "doctors in training who are mentored early tend to lead change rather than resist it",
            "when consultants mentor registrars in leadership, not just clinical skills, the whole department benefits",
            "leadership fellowships give doctors in training a protected year to learn how the system works",
        ],
        "barriers": [
            "doctors become consultants and clinical directors with almost no preparation for managing people or budgets",
            "medical training is entirely clinical, and leadership is treated as something you pick up along the way",
            "doctors in training rotate so often that they never stay anywhere long enough to lead a change",
            "there is no time in the training rota for shadowing or mentoring",
            "clinical directors are often whoever was willing to do it, rather than whoever was prepared for it",
            "doctors and managers are trained separately and learn to distrust each other",
            "leadership fellowships exist, but few trainees hear about them and fewer can be released from the rota",
        ],
        "solutions": [
            "offer every doctor in training a mentor who has led a department",
            "build a short shadowing placement with a clinical director into specialty training",
            "create more chief registrar posts with real responsibility and protected time",
            "run joint leadership training for doctors in training and management trainees together",
            "include leadership and management in the medical curriculum and assess it like clinical skills",
            "give new consultants a leadership mentor for their first two years",
            "make leadership fellowships easy to apply for and guarantee release from the rota",
            "let senior registrars lead a real improvement project with a consultant sponsor",
        ],
        "benefits": [
            "consultants who arrive ready to lead, not just to treat",
            "clinical directors who understand budgets, people and change",
            "doctors and managers who speak the same language",
            "a pipeline of clinical leaders who have been prepared for the role",
            "departments led by doctors who chose leadership rather than drew the short straw",
            "doctors in training who see leadership as part of being a good doctor",
        ],
        "harms": [
            "brilliant clinicians struggling in leadership roles they were never prepared for",
            "departments run by whichever consultant was willing, rather than whoever was ready",
            "distrust between doctors and managers that starts in training",
            "new consultants who avoid management entirely",
            "registrars who feel change is something imposed on them",
            "clinical leaders who learn by making expensive mistakes",
        ],
        "details": [
            "doctors in training are tomorrow's clinical directors, medical directors and chief executives",
            "a mentor outside your own specialty can be more honest than your own consultant",
            "shadowing doesn't need to be long; even a week following a clinical director is eye-opening",
            "rotations make continuity hard, so mentoring needs to follow the trainee rather than stay with the post",
            "learning alongside management trainees breaks down the 'them and us' early",
            "the first year as a consultant is when leadership support is needed most and offered least",
            "leadership should be a normal part of medical training, not an optional extra for enthusiasts",
        ],
        "stories": [
            "- I watched a very good consultant take on the clinical lead role and burn out within two years because nobody had prepared him for it",
            "+ we paired our registrars with service managers for a month, and both sides were surprised by how much they learned",
            "- I have worked with clinical directors who were brilliant clinicians but had never been shown how to run a meeting or handle a difficult conversation",
            "+ I saw our chief registrar lead the redesign of the acute take, and because she still worked shifts the whole team trusted the plan",
            "- I have seen new consultants avoid every management meeting because nobody had ever explained what happens in them",
        ],
        "role_stories": {
            "doctor": [
                "- I became a clinical director at 38 with no management training at all, and spent the first year learning what a cost improvement programme was",
                "+ I shadowed our medical director for two weeks as a registrar, and it changed how I saw every management decision afterwards",
                "+ I was mentored by a consultant who made time every month to talk about leadership, and I now try to do the same for my registrars",
                "+ I did a leadership fellowship in my fourth year of training, and it was the first time anyone had explained how the hospital's money actually works",
            ],
            "manager": [
                "- I have worked alongside consultants who were excellent doctors but had never been shown how to lead a team through a change",
            ],
        },
        "public_stories": [
            "- I was surprised to learn that senior doctors running departments often have no management training at all",
            "- I have seen consultants who were wonderful with patients but clearly uncomfortable being in charge of a team",
            "- I assumed doctors were taught leadership as part of their training, but a family friend who is a registrar says it is almost entirely clinical",
        ],
        "steps": [
            "start with a small mentoring scheme for senior registrars, matched outside their own specialty",
            "agree with the deanery that shadowing counts towards training time",
            "use existing clinical directors as mentors and give them an hour a month for it",
            "pair each chief registrar with a named executive sponsor",
            "run a joint session for doctors in training and management trainees every quarter",
            "ask new consultants what they wish they had known, and build the mentoring programme around that",
        ],
        "doubts": [
            "training rotas are already stretched, and releasing registrars for shadowing means gaps elsewhere",
            "not every good clinician wants to lead, and we shouldn't push every doctor into it",
            "mentoring depends entirely on the quality of the mentor, and some would do more harm than good",
            "the medical curriculum is already overloaded, so something would need to come out",
        ],
        "titles": {
            "enablers": [
                "Mentors who have led departments",
                "Shadowing the clinical director",
                "A chief registrar role that works",
                "Leadership starts in training",
            ],
            "barriers": [
                "Consultants with no leadership preparation",
                "Leadership picked up along the way",
                "Doctors and managers trained apart",
                "No time to shadow",
            ],
            "solutions": [
                "Mentoring for every doctor in training",
                "Shadowing placements in specialty training",
                "Train doctors and managers together",
                "Leadership support for new consultants",
            ],
        },
    },
    {
        "key": "development_routes",
        "label": "Graduate management trainees, placements, action learning sets and leadership diplomas",
        "category": "Leadership development",
        "weight": 8,
        "terms": ["Graduate trainees", "Action learning", "Leadership diplomas"],
        "subjects": [
            "a graduate management training scheme that brings in and develops new talent",
            "long clinical placements for management trainees",
            "action learning sets where managers solve real problems together",
            "a leadership diploma linked to actual work in the trust",
            "a structured development route from team leader to senior manager",
            "secondments and job swaps between trusts",
        ],
        "enablers": [
            "graduate management trainees who do long clinical placements earn real credibility with frontline staff",
            "an action learning set that meets every six weeks gives new managers somewhere to work through the problems they can't discuss with their own team",
            "a leadership diploma linked to a real project in your own service means the learning actually sticks",
            "placements across acute, community and commissioning give management trainees a feel for the whole system",
            "secondments to other trusts bring back ideas that would never have come from inside",
            "a clear development route makes people want to stay and grow into leadership",
            "learning alongside peers from other professions on a leadership programme breaks down the silos that block change",
        ],
        "barriers": [
            "leadership development programmes are only open to a lucky few, usually chosen by who their manager knows",
            "leadership courses are classroom-based and disconnected from the problems people face at work",
            "graduate management trainees are sometimes seen as outsiders who have never done a real job",
            "there is no clear development route between team leader and senior manager, so people stall or leave",
            "funding for leadership diplomas is cut every time budgets are squeezed",
            "managers are sent on leadership programmes and come back to a workplace that gives them no chance to use what they learned",
            "action learning sets fizzle out after a few meetings because nobody protects the time",
        ],
        "solutions": [
            "expand the graduate management training scheme and give every trainee a long clinical placement",
            "set up action learning sets for new managers in every trust and protect the time for them",
            "link every leadership diploma to a real improvement project in the student's own service",
            "create a clear development route from team leader to senior manager, with open access",
            "offer secondments and job swaps between trusts and sectors",
            "open leadership programmes to all staff groups, including admin and support staff",
            "give people who finish a leadership programme a real project to lead straight afterwards",
            "mix professions on every leadership course so that nurses, doctors, therapists and managers learn together",
        ],
        "benefits": [
            "managers who have seen the service from many angles",
            "leadership learning that is applied straight away to real problems",
            "a strong pipeline of future leaders from every background",
            "peer support that keeps new managers going through difficult months",
            "fewer talented people stalling or leaving for lack of a next step",
            "leaders who understand the whole system, not just their own corner of it",
        ],
        "harms": [
            "leadership development that depends on who you know",
            "expensive leadership courses whose lessons are forgotten in a week",
            "new managers isolated with nobody to talk problems through with",
            "talented people leaving because they can't see a route upwards",
            "graduate trainees who never win the trust of clinical staff",
            "leadership that looks the same as it always has",
        ],
        "details": [
            "action learning sets are cheap to run: a room, a facilitator and a few colleagues with real problems",
            "the placements are the most valuable part of any graduate management scheme, because they build credibility with clinical staff",
            "most leadership learning happens on the job, so development programmes should be built around real work",
            "access to leadership development should be open and transparent, not by tap on the shoulder",
            "a diploma is only worth the paper it is printed on if people then get the chance to use it",
            "secondments work both ways, because the host organisation learns as much as the visitor",
            "new managers need peer support as much as they need teaching",
        ],
        "stories": [
            "+ I worked alongside a management trainee on placement with us for six months, and she became one of the most trusted managers in the division",
            "+ I have been in an action learning set for two years, and it has kept me going when I was close to giving up on leadership",
            "- I completed a leadership diploma, went back to my ward, and nobody ever asked what I had learned",
            "- I applied three times for our trust leadership programme and was turned down because places went to people the directors already knew",
            "+ I spent three months on secondment in a community trust and came back with a completely different view of discharge",
            "- I was sent on a week-long leadership course that was entirely theory, and none of it connected with the team I went back to",
        ],
        "role_stories": {
            "manager": [
                "+ I did a six-month placement on an acute medical ward as a graduate management trainee, and I still use what I learned there every day",
                "- I joined through the graduate scheme, and the nurses didn't take me seriously until I had spent weeks working alongside them on nights",
            ],
            "admin": [
                "- I have been a team leader in admin for nine years and have never been offered any leadership development at all",
            ],
        },
        "public_stories": [
            "- I know from other employers that graduate schemes and job rotations are standard, and I was surprised how patchy they seem to be in the NHS",
            "+ I met a young NHS management trainee on a ward placement, and she was clearly learning a great deal from the nurses",
            "+ I have met NHS managers through local charity work, and the ones who had done placements across the system were noticeably better at joining things up",
        ],
        "steps": [
            "start an action learning set with six new managers and an experienced facilitator",
            "agree placement hosts in clinical areas before the management trainees arrive",
            "ask each diploma student to agree a project with their manager before they begin",
            "advertise every leadership development opportunity openly on the intranet with clear criteria",
            "set up a secondment exchange with a neighbouring trust",
            "follow up six months after each leadership programme to see what participants have changed",
        ],
        "doubts": [
            "graduate schemes are expensive, and trainees often leave the NHS soon after they finish",
            "action learning sets depend heavily on having a good facilitator",
            "diplomas can become a badge people collect rather than something that changes how they lead",
            "secondments are hard to arrange when both organisations are short-staffed",
        ],
        "titles": {
            "enablers": [
                "Action learning sets keep me going",
                "Placements build credibility",
                "Leadership learning linked to real work",
                "A route into leadership",
            ],
            "barriers": [
                "Development by tap on the shoulder",
                "Leadership courses that change nothing",
                "No route up from team leader",
                "Trained and then ignored",
            ],
            "solutions": [
                "Action learning sets for every new manager",
                "Open up leadership programmes",
                "Link diplomas to real projects",
                "Secondments between trusts",
            ],
        },
    },
    {
        "key": "nhs_finance",
        "label": "Understanding NHS finance and making the case for resources",
        "category": "Money and resources",
        "weight": 7,
        "terms": ["NHS finance", "Business cases", "Budgets"],
        "subjects": [
            "a basic grounding in NHS finance for every manager",
            "a finance business partner who explains the numbers in plain English",
            "a simple template for making the case for resources",
            "ward budgets that managers can actually understand and influence",
            "a small local fund for testing good ideas",
            "open access to the costs behind our services",
        ],
        "enablers": [
            "our finance business partner sat with us and explained our budget line by line, and for the first time we could argue for what we needed",
            "understanding how the money flows in the NHS makes it much easier to make the case for an extra post",
            "a small innovation fund let our team test an idea without writing a twenty-page business case",
            "when ward managers hold their own budgets and understand them, they make better decisions about staffing and supplies",
            "showing the cost of not changing something is what finally gets a business case funded",
            "finance colleagues who come to the ward see why the numbers look the way they do",
            "a simple one-page business case template means frontline staff can bid for money too",
        ],
        "barriers": [
            "most clinical managers have never been taught how NHS finance works, so they can't make a convincing case for resources",
            "budgets are presented as spreadsheets nobody understands, and the decisions about money are made elsewhere",
            "business cases take months and so much paperwork that most good ideas never get written up",
            "savings targets are handed down without anyone explaining where the money goes",
            "finance and clinical teams barely talk to each other",
            "there is no money for small tests of change, only for big projects with a long approval process",
            "year-end spending rules encourage waste and make it impossible to plan improvement over several years",
        ],
        "solutions": [
            "teach every new manager the basics of NHS finance, in plain English, in their first three months",
            "give every ward and team a named finance business partner who visits regularly",
            "introduce a one-page business case for small changes, with a decision within a month",
            "set up a local innovation fund that frontline teams can bid into",
            "show managers the full cost of their services, including agency, so they can make the case for change",
            "let teams keep some of the savings they generate to reinvest in improvement",
            "train clinical leads to present the cost of doing nothing alongside the cost of change",
            "publish simple budget summaries that every member of staff can read",
        ],
        "benefits": [
            "managers who can make a convincing case for the resources they need",
            "decisions about money made by people who understand the service",
            "good ideas funded quickly instead of dying in a business case queue",
            "a shared understanding between finance and clinical teams",
            "money spent where it makes the most difference",
            "an incentive for teams to find savings and reinvest them",
        ],
        "harms": [
            "good ideas abandoned because nobody knows how to write the business case",
            "managers blamed for budgets they neither understand nor control",
            "money wasted on agency and short-term fixes",
            "savings targets met by cutting the very things that make a service work",
            "a gulf between the finance department and the front line",
            "improvement that stops at the first request for funding",
        ],
        "details": [
            "NHS finance really isn't that complicated once someone explains the basics without the jargon",
            "the strongest business cases I have seen showed the cost of doing nothing",
            "frontline staff often know exactly where money is being wasted, but nobody asks them",
            "a small fund for tests of change can save far more money than it costs",
            "budgets that managers can't influence aren't really budgets at all",
            "finance staff are usually keen to help; they are just rarely invited onto the wards",
            "knowing your service's costs is what gives you a seat at the table when decisions about money are made",
        ],
        "stories": [
            "- I took over a department with a budget I had never seen before, and it took me a year to understand it, with no finance training at all",
            "+ we worked out that our agency spending would pay for three permanent posts, put it on one page, and got the posts approved",
            "- I wrote a forty-page business case for a piece of equipment that would have paid for itself in six months, and it took a year to be approved",
            "+ our finance business partner now comes to our monthly team meeting, and the conversations about money have become far more constructive",
            "+ I bid for two thousand pounds from a small innovation fund, tested a new clinic model, and it is now used across the trust",
            "- I was told to find five per cent savings from a budget I had never been allowed to see in full",
        ],
        "role_stories": {
            "manager": [
                "+ I have managed budgets for years, but it was only when a finance colleague explained how our income was calculated that I could argue for investment with confidence",
            ],
            "nurse": [
                "- I was given responsibility for a ward budget as a new sister, with no explanation of what any of the lines meant",
            ],
        },
        "public_stories": [
            "- I have read my local trust's board papers, and it is clear that many managers must find the finance sections as baffling as I did",
            "- I find it astonishing that a ward manager can't spend a few hundred pounds without a long approval process and a business case",
            "- I have seen money spent on glossy reorganisations while the ward my mother was on couldn't get a broken chair replaced",
        ],
        "steps": [
            "run a two-hour NHS finance basics session for new managers every quarter",
            "write the one-page business case template with finance and frontline staff together",
            "start the innovation fund small and publish every award and its result",
            "ask finance business partners to attend one team meeting a month",
            "show agency and overtime costs on every ward's monthly budget report",
            "agree in advance what proportion of savings a team can keep",
        ],
        "doubts": [
            "giving teams small budgets sounds good until every ward is competing for the same pot of money",
            "finance training alone won't help if the decisions about money are still made centrally",
            "letting teams keep savings could reward areas that were overspending in the first place",
            "a one-page business case might not be enough to spot the risks in a bigger change",
        ],
        "titles": {
            "enablers": [
                "Understanding the budget helped us",
                "A finance partner on the ward",
                "A small fund for big ideas",
                "Making the case with numbers",
            ],
            "barriers": [
                "Nobody explains the money",
                "Business cases that take a year",
                "Budgets we can't influence",
                "No money to test ideas",
            ],
            "solutions": [
                "NHS finance basics for every manager",
                "One-page business cases",
                "A local innovation fund",
                "Let teams keep some savings",
            ],
        },
    },
    {
        "key": "local_autonomy",
        "label": "Less top-down, 'herding cats' central change; trusting local teams",
        "category": "Trusting local teams",
        "weight": 10,
        "terms": ["Top-down change", "Local autonomy", "Initiative fatigue"],
        "subjects": [
            "local teams trusted to make their own decisions",
            "fewer top-down initiatives and more local freedom",
            "national bodies that set direction and then step back",
            "permission to adapt national guidance to local circumstances",
            "leaders who ask before they impose",
            "decision-making pushed down to the people closest to patients",
        ],
        "enablers": [
            "when our directors said 'you know this service best, show us what you'd do', the team came up with a better plan than any consultant",
            "local teams trusted to adapt national guidance to their own patients have made changes that actually stick",
            "the best changes I've seen started on one ward and spread because other teams wanted them, not because they were told to adopt them",
            "a light-touch approach from the centre gives local teams room to experiment",
            "being trusted to make decisions makes people far more willing to take responsibility for the results",
            "our trust stopped issuing a new initiative every month, and the teams finally had space to finish what they had started",
            "leaders who ask the front line before they decide get far less resistance when the change arrives",
        ],
        "barriers": [
            "change is driven from the top with a new initiative every few months, and staff have learned to wait for each one to pass",
            "trying to manage the NHS centrally is like herding cats, and every reorganisation creates more confusion than it solves",
            "national targets override local judgement, even when local teams can see they make no sense for their patients",
            "every decision has to be escalated up the hierarchy, so nothing can be changed quickly",
            "teams are asked for their ideas and then handed a top-down plan that was decided months earlier",
            "staff are consulted after the decision has been made, which is worse than not being asked at all",
            "reorganisations come round so often that nobody stays in post long enough to see a change through",
        ],
        "solutions": [
            "cut the number of top-down initiatives and let local teams choose their own priorities",
            "give ward and team managers clear authority over a defined set of decisions",
            "ask frontline staff before any service change, and show how their input shaped the plan",
            "allow local teams to adapt national guidance to local circumstances, provided they measure the results",
            "call a halt to reorganisations for a few years so that changes have time to bed in",
            "let national bodies set the direction and outcomes, and leave the how to local teams",
            "create a simple way for local teams to ask permission to try something different, with a fast answer",
            "judge managers on how well their teams improve, not on how closely they follow central plans",
        ],
        "benefits": [
            "changes that fit local patients and local teams",
            "staff who own the changes they make",
            "far less initiative fatigue",
            "faster decisions made by the people closest to the problem",
            "a system that learns from many local experiments instead of one national plan",
            "leaders who spend their time removing obstacles rather than issuing instructions",
        ],
        "harms": [
            "initiative fatigue and a shrug at every new programme",
            "top-down changes that look good in a national report and make no sense on the ward",
            "local knowledge ignored and wasted",
            "decisions that take months because they have to go up and down the hierarchy",
            "reorganisations that undo the last reorganisation",
            "staff who have stopped bothering to suggest anything",
        ],
        "details": [
            "the NHS is too big and too varied to be run from one office",
            "a national initiative designed for a big city hospital rarely works as planned in a small rural trust",
            "trusting local teams doesn't mean abandoning standards; it means agreeing outcomes and letting teams find the way",
            "staff have seen so many top-down initiatives come and go that they can spot the next one coming a mile off",
            "bottom-up change needs permission from the top, but not direction from the top",
            "most of the best ideas in the NHS started in one local team and spread by word of mouth",
            "being consulted after the decision has been made is what breeds cynicism",
        ],
        "stories": [
            "- I have lived through four reorganisations in eight years, and each one undid some of what the last one had achieved",
            "- we were told to implement a national pathway that simply didn't fit our rural population, and we spent a year working around it",
            "+ our division was given freedom to redesign its outpatient service, and the waiting list came down faster than under any central plan",
            "- I suggested a change to our discharge process and was told it had to wait for the trust-wide programme, which never arrived",
            "- we were asked for ideas at a staff engagement event, and then a top-down plan appeared that contained none of them",
            "+ our local team was allowed to adapt the national falls guidance to our own ward, and our falls rate dropped within three months",
        ],
        "role_stories": {
            "manager": [
                "- I spend more time reporting on central initiatives than I do supporting my team to improve things",
            ],
            "nurse": [
                "- I have seen three different versions of the same falls initiative rolled out on my ward, each with new paperwork, and none of them asked us what we thought",
            ],
        },
        "public_stories": [
            "- I have watched my local hospital go through reorganisation after reorganisation, and from the outside it's hard to see what any of them achieved",
            "+ I notice the staff at my GP practice seem to be able to change things quickly, while the hospital seems to need permission for everything",
            "- I was invited to a public consultation that was clearly a formality, because the decision had already been made",
        ],
        "steps": [
            "agree a short list of decisions that ward and team managers can make without escalation",
            "publish a 'you asked, we changed' summary after every consultation",
            "set up a fast-track route for local teams to request an exception, with an answer within two weeks",
            "review every central initiative each year and stop the ones that aren't working",
            "give one division a year of freedom and compare its results with the rest",
            "make it a rule that no service change goes ahead without frontline staff on the design group",
        ],
        "doubts": [
            "more local freedom could make the postcode lottery worse, with very different care in neighbouring areas",
            "some central direction is needed, otherwise good practice never becomes standard",
            "not every local team has the capacity or leadership to use more autonomy well",
            "local autonomy can become an excuse for central bodies to walk away from difficult problems",
        ],
        "titles": {
            "enablers": [
                "Trusted to get on with it",
                "Permission to adapt",
                "Fewer initiatives, more progress",
                "Change that spreads by choice",
            ],
            "barriers": [
                "Herding cats from the centre",
                "Initiative fatigue",
                "Consulted after the decision",
                "Reorganisation after reorganisation",
            ],
            "solutions": [
                "Trust local teams",
                "Set the outcomes, leave the how",
                "A pause on reorganisations",
                "Clear authority for local managers",
            ],
        },
    },
    {
        "key": "online_learning",
        "label": "E-learning and online modular development open to every manager",
        "category": "Leadership development",
        "weight": 6,
        "terms": ["E-learning", "Online modules", "Open access learning"],
        "subjects": [
            "e-learning modules open to every manager",
            "an online modular leadership programme people can fit around shifts",
            "short online courses on the practical side of managing",
            "a national online library of management resources",
            "online learning that can be done on a phone during a quiet moment",
            "a mix of online modules and face-to-face coaching",
        ],
        "enablers": [
            "online modules let managers learn about rota planning and difficult conversations at their own pace, between shifts",
            "modular e-learning lets night staff and part-timers get the same development as everyone else",
            "short online courses with real examples from NHS teams are far more useful than long classroom days",
            "being able to dip into an online module just before a difficult conversation with a member of staff is genuinely helpful",
            "an online community attached to the course means managers can ask each other how they handled similar problems",
            "online learning open to everyone means development is no longer limited to the people who get picked for programmes",
            "combining e-learning with a monthly coaching session gives both the theory and somewhere to practise it",
        ],
        "barriers": [
            "most e-learning is mandatory compliance training that people click through as fast as possible",
            "online courses are only available to managers at certain bands, so team leaders miss out",
            "there is no time in the working day to do online learning, so it is done at home, unpaid",
            "the trust computers are so slow and the e-learning logins so complicated that nobody bothers",
            "e-learning on its own doesn't change how people manage, because there is nobody to practise with",
            "the good online resources exist, but nobody tells managers where to find them",
            "online modules are generic and don't reflect the real situations NHS managers face",
        ],
        "solutions": [
            "make a modular online leadership programme free and open to every manager and aspiring manager",
            "build short, practical e-learning modules on rotas, budgets, difficult conversations and leading change",
            "pair online modules with peer coaching or action learning so that people can practise what they learn",
            "give staff paid time to complete development e-learning, just as for mandatory training",
            "make every online module work on a phone and without complicated logins",
            "create a single national library of online management resources that every trust can use",
            "record real NHS managers describing how they handled difficult situations, and use the videos in the online modules",
            "let people collect online modules towards a recognised qualification",
        ],
        "benefits": [
            "development open to everyone, whatever their shift pattern or band",
            "online learning that fits around clinical work",
            "a consistent grounding in the practical basics for every manager",
            "a cheap way to reach thousands of managers at once",
            "managers who can find help online exactly when they need it",
            "a stepping stone from online modules towards recognised qualifications",
        ],
        "harms": [
            "development reserved for the few who can get away for classroom days",
            "e-learning that is clicked through and forgotten",
            "managers doing online learning in their own unpaid time",
            "good online resources going unused because nobody knows they exist",
            "generic online content that doesn't reflect NHS reality",
            "part-time and night staff left behind",
        ],
        "details": [
            "online learning works best in short modules of twenty minutes or less",
            "e-learning is good for knowledge, but skills need practice with real people",
            "night staff, part-timers and people in remote areas benefit most from online options",
            "the word 'e-learning' has been ruined by compliance modules, so this needs to feel different",
            "free, open access to online learning matters, because development shouldn't depend on which trust you work for",
            "examples from real NHS teams make online material far more credible",
            "an online module done on a phone during a quiet night is better than a course never attended",
        ],
        "stories": [
            "+ I completed an online module on managing sickness absence the night before I had to hold my first formal meeting, and it got me through it",
            "+ I work nights, and online modules were the first leadership development I have ever been able to access",
            "- I tried the trust's e-learning on leadership, but it was so generic that it could have been written for a bank",
            "+ I did an online programme alongside a monthly coaching group, and the combination was much better than either on its own",
            "- I have spent evenings at home doing e-learning because there was never a spare hour at work",
            "- I spent twenty minutes trying to log in to an online leadership module on a ward computer and gave up",
        ],
        "role_stories": {
            "admin": [
                "+ I manage a team of ten secretaries, and online courses are the only development that has ever been offered to someone in my role",
            ],
            "ahp": [
                "+ I work across three community sites, so online modules are the only way I can realistically fit in any leadership learning",
            ],
        },
        "public_stories": [
            "+ I have used online learning at work myself, and a good modular programme is a very cost-effective way to reach a large workforce",
            "- I was surprised to hear from a nurse friend that most of her e-learning is compliance training rather than anything that helps her grow",
            "- I have done free online courses from universities, and it seems odd that the NHS doesn't offer something similar to all its managers",
        ],
        "steps": [
            "start with five short online modules on the topics new managers say they struggle with most",
            "test the e-learning on phones with night staff before launching",
            "link each online module to a discussion in an existing team meeting or action learning set",
            "give an hour of paid time for each module completed",
            "ask experienced managers to record short videos about real situations for the modules",
            "track which online modules are used and ask for feedback after each one",
        ],
        "doubts": [
            "e-learning is cheap, which is exactly why it gets used instead of proper development",
            "people are already sick of online modules after years of mandatory training",
            "without protected time, open access to e-learning just means access in your own evenings",
            "online learning suits some people and not others, so it can't be the only option",
        ],
        "titles": {
            "enablers": [
                "Online modules I can fit around shifts",
                "E-learning that actually helps",
                "Learning on nights",
                "Online modules plus coaching",
            ],
            "barriers": [
                "E-learning means compliance",
                "No time for online learning",
                "Generic online courses",
                "Good resources nobody can find",
            ],
            "solutions": [
                "Open online leadership modules for all",
                "Short, practical e-learning",
                "Paid time for online learning",
                "A national library of management resources",
            ],
        },
    },
    {
        "key": "talent",
        "label": "Attracting, developing and keeping talent, including senior and board-level roles",
        "category": "Talent and careers",
        "weight": 9,
        "terms": ["Talent", "Retention", "Succession planning"],
        "subjects": [
            "a proper plan for attracting, developing and keeping talent",
            "succession planning for senior and board-level roles",
            "talent conversations as part of every appraisal",
            "flexible working that keeps experienced staff in the NHS",
            "clear career paths into senior leadership from every profession",
            "a diverse pipeline of future board members",
        ],
        "enablers": [
            "a manager who talks to you about your career at every appraisal is the main reason people stay",
            "flexible working keeps experienced people in the NHS who would otherwise leave",
            "succession planning meant our new director of nursing had been developed for the role for years and hit the ground running",
            "a talent programme for staff from minority backgrounds opened doors that had always seemed closed",
            "being given stretch assignments early makes people believe they could lead",
            "when people can see a career path to senior roles from their own profession, they invest in their development",
            "retention improved on our unit when we started asking people why they stayed, not just why they left",
        ],
        "barriers": [
            "we spend a fortune recruiting people and almost nothing on keeping them",
            "senior and board-level roles are filled by the same small group moving between trusts",
            "there is no succession planning, so when a key leader leaves, everything stalls",
            "flexible working requests are refused so often that experienced staff simply retire early",
            "staff from minority backgrounds are well represented on the front line and almost absent from boards",
            "nobody talks to staff about their careers, so the ambitious ones leave for other sectors",
            "interim executives on short contracts come and go, and nothing they start is finished",
        ],
        "solutions": [
            "make a talent conversation part of every appraisal, asking where people want their career to be in five years",
            "build succession plans for every senior and board-level role",
            "agree flexible working requests by default unless there is a clear reason not to",
            "run stay interviews to learn why people remain, not just exit interviews",
            "create development programmes that deliberately widen the talent pool for board-level roles",
            "offer stretch assignments and acting-up opportunities to people identified as future leaders",
            "bring back experienced staff who have retired, in flexible roles as mentors",
            "track where talented people go when they leave and ask them what would have kept them",
        ],
        "benefits": [
            "experienced people kept in the NHS rather than lost to early retirement",
            "a stable leadership team that can see change through",
            "boards that reflect the staff and communities they serve",
            "staff who can see a career for themselves in the organisation",
            "less money spent on recruitment and interim cover",
            "senior leaders who have grown up in the organisation and understand it",
        ],
        "harms": [
            "a revolving door at senior level",
            "experienced staff retiring years earlier than they need to",
            "boards that look nothing like the workforce",
            "ambitious people leaving for careers in other sectors",
            "a huge recruitment bill and the same vacancies year after year",
            "change programmes that collapse when their leader moves on",
        ],
        "details": [
            "it is far cheaper to keep a good member of staff than to recruit and train a new one",
            "talent spotting should happen at every level, not just among people who are already senior",
            "the board-level pipeline needs to be built ten years before the vacancies appear",
            "many experienced staff would stay on part-time if they were offered it",
            "diversity at board level doesn't happen by accident; it needs a deliberate pipeline",
            "stay interviews are simple, cheap and tell you far more than exit interviews",
            "bottom-up change needs continuity, and continuity needs leaders who stay",
        ],
        "stories": [
            "- I asked to reduce my hours before retirement and was told it wasn't possible, so I left altogether and took twenty years of experience with me",
            "+ I was given an acting-up role for six months, and it was the first time anyone had treated me as a potential leader",
            "- I have had four different directors in three years, and each one started a new strategy",
            "- I watched a brilliant colleague leave for the private sector because nobody ever talked to her about her career",
            "+ our unit started stay interviews last year, and the simple fixes we learned about have cut turnover noticeably",
            "+ my manager asked me at my appraisal where I wanted to be in five years, and then actually helped me get there",
        ],
        "role_stories": {
            "nurse": [
                "- I have been a band 5 for eight years, and nobody has ever asked me whether I want to progress",
            ],
            "manager": [
                "+ I was on a succession plan for a director role, and having time to prepare made all the difference when the post came up",
            ],
        },
        "public_stories": [
            "- I have seen several excellent nurses I know leave the NHS in their fifties because they couldn't work more flexibly",
            "- I notice the board of my local trust changes almost every year, and I wonder how anything long-term gets done",
            "- I have read about the NHS's spending on temporary staff, and compared with what goes on keeping people it looks upside down",
        ],
        "steps": [
            "add two talent questions to the appraisal form and train managers to use them",
            "identify the five most critical senior roles and name at least two potential successors for each",
            "publish the approval rate for flexible working requests by division",
            "hold stay interviews with a sample of long-serving staff each quarter",
            "set up a retire-and-return scheme with mentoring roles",
            "track the diversity of applicants and appointments at each senior grade",
        ],
        "doubts": [
            "succession planning can turn into picking favourites if it isn't open and fair",
            "flexible working by default is hard to manage on a ward that has to be staffed around the clock",
            "talent programmes aimed at particular groups can be resented if they aren't explained well",
            "people leave because of workload and pay, and no talent conversation will fix that",
        ],
        "titles": {
            "enablers": [
                "Career conversations keep people",
                "Flexible working kept me",
                "Succession planning works",
                "Stretch assignments",
            ],
            "barriers": [
                "A revolving door at the top",
                "Recruiting, not retaining",
                "Nobody talks about careers",
                "Boards that don't look like us",
            ],
            "solutions": [
                "Talent conversations in every appraisal",
                "Succession plans for senior roles",
                "Flexible working by default",
                "Stay interviews, not just exit interviews",
            ],
        },
    },
]

TOPIC_BY_KEY: dict[str, dict] = {t["key"]: t for t in TOPICS}
_TOPIC_WEIGHTS = [t["weight"] for t in TOPICS]

# ---------------------------------------------------------------------------
# Shared wording
# ---------------------------------------------------------------------------

# "{c}" takes a clause (enablers/barriers); "{a}" a bare-infinitive proposal.
_OPENERS = {
    "enablers": [
        "In my experience, {c}.",
        "What I've seen work: {c}.",
        "Honestly, {c}.",
        "From where I sit, {c}.",
        "The one thing that has made a difference where I work is this: {c}.",
        "It sounds obvious, but {c}.",
        "{C}.",
        "{C}.",
        "{C}.",
        "For me, the key enabler is simple: {c}.",
        "I've seen it again and again: {c}.",
        "Good change starts small. {C}.",
        "The best examples I know share one thing: {c}.",
        "Something that really helps: {c}.",
        "What enables change? Put simply, {c}.",
        "A big enabler, in my view, is that {c}.",
        "It's worth saying that {c}.",
        "Bottom-up change needs support, and the evidence is clear to me: {c}.",
        "One positive from my own workplace: {c}.",
        "Credit where it's due: {c}.",
    ],
    "barriers": [
        "The biggest barrier, for me, is that {c}.",
        "What gets in the way? {C}.",
        "Let's be honest: {c}.",
        "{C}.",
        "{C}.",
        "{C}.",
        "The problem is that {c}.",
        "In practice, {c}.",
        "Sadly, {c}.",
        "I'd say the main thing stopping bottom-up change is that {c}.",
        "Nothing will change while {c}.",
        "One thing nobody likes to say out loud: {c}.",
        "From the shop floor it looks like this: {c}.",
        "Frankly, {c}.",
        "It's demoralising, but {c}.",
        "The root of it is that {c}.",
        "We keep talking about empowerment, yet {c}.",
        "The barrier I keep running into is simple: {c}.",
        "I hate to be negative, but {c}.",
        "Why is it that {c}?",
    ],
    "solutions": [
        "We should {a}.",
        "My suggestion is to {a}.",
        "We need to {a}.",
        "Why not {a}?",
        "My proposal: {a}.",
        "The fix is straightforward: {a}.",
        "It would make a real difference to {a}.",
        "Simple idea: {a}.",
        "Let's {a}.",
        "The answer, I think, is to {a}.",
        "One practical step would be to {a}.",
        "If I could change one thing, I would {a}.",
        "Could we {a}?",
        "I'd propose that we {a}.",
        "{A}.",
        "{A}.",
        "I'd like to see us {a}.",
        "My solution would be to {a}.",
        "The NHS should {a}.",
        "A concrete suggestion: {a}.",
    ],
}

_SUBJECT_TEMPLATES = {
    "enablers": [
        "Nothing beats {np}.",
        "{Np} makes a huge difference.",
        "Where we have had {np}, things have moved quickly.",
        "I'd put {np} at the top of the list.",
        "The teams that get change done tend to have {np}.",
        "If I had to pick one enabler, it would be {np}.",
        "Don't underestimate the value of {np}.",
    ],
    "barriers": [
        "We simply don't have {np}.",
        "Without {np}, good ideas die before they start.",
        "The lack of {np} is the real problem.",
        "Very few of us have ever had {np}.",
        "Everyone talks about {np}, but I have rarely seen it.",
        "What's missing is {np}.",
    ],
    "solutions": [
        "{Np} should be standard everywhere.",
        "What we need is {np}.",
        "Every trust needs {np}.",
        "I'd start with {np}.",
        "Give us {np}.",
        "My one ask: {np}.",
        "The single change I'd make is {np}.",
    ],
}

_MORE = {
    "enablers": [
        "Also, {c}.",
        "On top of that, {c}.",
        "Just as important, {c}.",
        "And {c}.",
        "Alongside that, {c}.",
        "I'd add that {c}.",
        "Another thing: {c}.",
        "It also helps that {c}.",
    ],
    "barriers": [
        "Also, {c}.",
        "On top of that, {c}.",
        "And {c}.",
        "Worse still, {c}.",
        "Add to that the fact that {c}.",
        "Another thing: {c}.",
        "It doesn't help that {c}.",
        "Meanwhile, {c}.",
    ],
    "solutions": [
        "We could also {a}.",
        "Alongside that, {a}.",
        "It would also help to {a}.",
        "Then {a}.",
        "Next, {a}.",
        "I'd also {a}.",
        "And while we're at it, let's {a}.",
        "Separately, we should {a}.",
    ],
}

_PAYOFFS = {
    # (templates, which noun-phrase pool)
    "enablers": [
        (
            [
                "The result is {np}.",
                "You end up with {np}.",
                "That's how you get {np}.",
                "What you get is {np}.",
                "It leads to {np}.",
                "The pay-off is {np}.",
                "The difference shows: {np}.",
            ],
            "benefits",
        ),
        (
            [
                "Without it, you get {np}.",
                "Take it away and you are left with {np}.",
                "The alternative is {np}.",
            ],
            "harms",
        ),
    ],
    "barriers": [
        (
            [
                "The result is {np}.",
                "What we end up with is {np}.",
                "So we get {np}.",
                "The cost is {np}.",
                "It shows up as {np}.",
                "The knock-on effect is {np}.",
                "We all know where that leads: {np}.",
            ],
            "harms",
        ),
        (
            [
                "It could be so different: {np}.",
                "We could have {np} instead.",
                "Compare that with what we could have: {np}.",
            ],
            "benefits",
        ),
    ],
    "solutions": [
        (
            [
                "The result would be {np}.",
                "That would give us {np}.",
                "It would mean {np}.",
                "Imagine {np}.",
                "In return we'd get {np}.",
                "The prize is {np}.",
                "We'd end up with {np}.",
            ],
            "benefits",
        ),
        (
            [
                "At the moment we have {np}.",
                "It beats what we have now: {np}.",
                "Otherwise we carry on with {np}.",
            ],
            "harms",
        ),
    ],
}

_DETAIL_PREFIXES = [
    "",
    "",
    "",
    "",
    "For context, ",
    "Bear in mind that ",
    "It's worth remembering that ",
    "The thing is, ",
    "Remember that ",
    "In my view, ",
    "I'd point out that ",
    "What people forget is that ",
]

_CLOSINGS = {
    "enablers": [
        "More of this, please.",
        "It costs very little and it works.",
        "That's what made the difference for us.",
        "Simple, but it works.",
        "Other trusts could copy this tomorrow.",
        "It isn't rocket science.",
        "Worth spreading.",
        "I'd love to see this everywhere.",
        "It made me proud to work here.",
        "Small things, big effect.",
        "This is what bottom-up change looks like in practice.",
        "It shows what's possible when people are trusted.",
    ],
    "barriers": [
        "Until that changes, nothing else will stick.",
        "It's exhausting.",
        "I don't think people at the top realise how much this matters.",
        "Something has to give.",
        "We deserve better, and so do our patients.",
        "It wears people down.",
        "I'm not sure how much longer good people will put up with it.",
        "It's the same story everywhere I've worked.",
        "And then we wonder why change doesn't happen.",
        "It's not for lack of ideas.",
        "Nobody sets out for it to be like this, but it is.",
        "That's the honest picture.",
    ],
    "solutions": [
        "It wouldn't cost much to try.",
        "Pilot it in a few trusts and measure it.",
        "Start small, but start.",
        "It's not complicated, it just needs doing.",
        "Happy to help make it happen.",
        "Let's try it and learn.",
        "The evidence would follow quickly.",
        "If not now, when?",
        "This could be in place within a year.",
        "It would pay for itself.",
        "None of this needs new legislation.",
        "Worth a go.",
    ],
}

_LESSONS = {
    "enablers": [
        "That taught me how much this matters.",
        "It has stayed with me ever since.",
        "It made me realise what is possible.",
        "I have tried to do the same ever since.",
        "It changed how I think about leadership.",
        "That is the kind of thing that works.",
    ],
    "barriers": [
        "That is not a one-off.",
        "I hear the same story wherever I go.",
        "Nobody meant any harm, but that is how the system works.",
        "It still frustrates me.",
        "It shouldn't be that way.",
        "Multiply that across the NHS and you see the problem.",
    ],
    "solutions": [
        "That's why I'd suggest this.",
        "It needn't be like that.",
        "So here is my suggestion.",
        "It convinced me that things have to change.",
        "There is a better way.",
        "Which is why I think the answer is simple.",
    ],
}

_STORY_LEADS = [
    "To give a real example, ",
    "A quick example: ",
    "One example: ",
    "Here's what I mean: ",
    "For instance, ",
    "",
    "",
]

_ROLE_INTROS = {
    "nurse": [
        "As a ward sister",
        "As a staff nurse on a busy surgical ward",
        "As a community nurse",
        "As a midwife",
        "As a charge nurse in A&E",
        "As a matron",
        "As a newly qualified nurse",
        "As a district nurse",
        "As a mental health nurse",
        "As a practice nurse",
        "Speaking as a nurse of twenty years",
    ],
    "doctor": [
        "As a consultant",
        "As a registrar",
        "As a foundation doctor",
        "As a GP partner",
        "As a trainee in emergency medicine",
        "As a clinical director",
        "As a salaried GP",
        "As a consultant anaesthetist",
        "As a junior doctor",
    ],
    "ahp": [
        "As a physiotherapist",
        "As an occupational therapist",
        "As a radiographer",
        "As a paramedic",
        "As a speech and language therapist",
        "As a dietitian",
        "As a podiatrist",
        "As an operating department practitioner",
    ],
    "manager": [
        "As a service manager",
        "As a general manager in surgery",
        "As a practice manager",
        "As a divisional director of operations",
        "As a newly appointed team leader",
        "As a former graduate management trainee",
        "As a head of nursing",
        "As an operations manager in community services",
        "As a deputy director",
    ],
    "admin": [
        "As a ward clerk",
        "As a medical secretary",
        "As a rota coordinator",
        "As a receptionist in a GP surgery",
        "As an outpatient booking clerk",
        "As a PA to a director",
        "As a team leader in medical records",
    ],
    "support": [
        "As a healthcare assistant",
        "As a porter",
        "As a domestic supervisor",
        "As an estates technician",
        "As a maternity support worker",
        "As a catering assistant on the wards",
    ],
    "patient": [
        "As a patient's carer",
        "As the carer for my mother",
        "As someone who has spent a lot of time in hospital",
        "As a patient with a long-term condition",
        "As the parent of a child with complex needs",
        "As a carer for my husband",
        "As a regular outpatient",
    ],
    "public": [
        "As a member of the public",
        "As an outsider looking in",
        "As a public governor of my local trust",
        "As someone who works in private industry",
        "As a retired teacher",
        "As a taxpayer and occasional patient",
    ],
    "other": [
        "As a health researcher",
        "As a hospital volunteer",
        "As a chaplain",
        "As a healthcare student",
        "As a lay member of a patient panel",
    ],
    "": ["Speaking from experience", "From my own experience", "For what it's worth"],
}
_OBSERVER_ROLES = ("patient", "public", "other")

_LIST_INTROS = {
    "enablers": [
        "What helps, in my experience:",
        "A few enablers I've seen work:",
        "Things that make bottom-up change possible:",
        "In no particular order, what helps:",
        "What has worked for us:",
    ],
    "barriers": [
        "What gets in the way:",
        "The main barriers, as I see them:",
        "A short list of what stops us:",
        "Barriers I run into every week:",
        "Why good ideas don't get off the ground:",
    ],
    "solutions": [
        "My suggestions:",
        "A few practical ideas:",
        "What I'd do:",
        "Concrete changes that would help:",
        "Here's my list:",
        "Three or four things to try:",
    ],
}
_BULLETS = ["- ", "* ", "• ", "number", "number)"]

_CONTRACTIONS = [
    ("don't", "do not"),
    ("doesn't", "does not"),
    ("can't", "cannot"),
    ("isn't", "is not"),
    ("won't", "will not"),
    ("I've", "I have"),
    ("I'd", "I would"),
    ("it's", "it is"),
    ("It's", "It is"),
    ("we'd", "we would"),
    ("that's", "that is"),
    ("That's", "That is"),
    ("wouldn't", "would not"),
    ("aren't", "are not"),
    ("haven't", "have not"),
    ("Let's", "Let us"),
    ("What's", "What is"),
    ("couldn't", "could not"),
]

# ---------------------------------------------------------------------------
# Comments
# ---------------------------------------------------------------------------

_AGREE = [
    "Completely agree.",
    "Yes, this.",
    "Strongly agree with this.",
    "This is spot on.",
    "Couldn't have put it better myself.",
    "Agree with every word.",
    "Absolutely.",
    "This needs saying more often.",
    "Really good point.",
    "I'd support this.",
    "So true.",
    "Exactly right.",
    "Thank you for posting this.",
    "Hear, hear.",
]
_EXAMPLE_LEADS = [
    "Same here.",
    "This rings true.",
    "We've seen the same thing.",
    "A similar story from my side:",
    "For what it's worth,",
    "I can add an example.",
    "It's the same where I work.",
    "This matches my experience.",
]
_DOUBT_TEMPLATES = [
    "I like the idea, but {d}.",
    "Playing devil's advocate: {d}.",
    "Good idea in principle, though {d}.",
    "Not sure about this. {D}.",
    "My worry is that {d}.",
    "I'd be cautious here: {d}.",
    "One concern: {d}.",
    "In theory, yes, but {d}.",
    "Worth trying, but be aware that {d}.",
]
_QUESTION_TEMPLATES = [
    "Has anyone seen this work in practice? {D}.",
    "Does anyone know a trust that already does this? {D}.",
    "Interesting. {D}.",
    "Good to see this raised. {D}.",
]
_IMPL_TEMPLATES = [
    "How to make it happen: {s1}, then {s2}.",
    "To get this started, I'd {s1} and {s2}.",
    "Practical first step: {s1}.",
    "If anyone wants to try this, {s1}. After that, {s2}.",
    "What worked for us was to {s1}, and then {s2}.",
    "Building on this: {s1}. Then {s2}, and {s3}.",
    "Making it happen is mostly about the first few weeks. {S1}. {S2}.",
    "My tip: {s1}. It sounds small, but it matters.",
]
_IMPL_TAILS = [
    "Good luck!",
    "Happy to share our template.",
    "It took us about three months.",
    "Keep it simple to begin with.",
    "Don't wait for permission to start the pilot.",
]
_AGREE_PAYOFFS = [
    "It would mean {np}.",
    "We'd get {np}.",
    "The prize is {np}.",
    "Think of it: {np}.",
]
_IMPL_LIST_INTROS = [
    "How to make it happen:",
    "Steps that would get this going:",
    "How I'd implement it:",
    "To turn this into reality:",
]
_GENERIC_STEPS = [
    "name a senior sponsor who can unblock things",
    "agree how you will measure success before you start",
    "start with one ward or team as a pilot",
    "share the results, good or bad, at the next staff briefing",
    "ask the people affected to help design it",
    "set a review date three months in",
    "write it up on one page so others can copy it",
    "involve patients and carers from the beginning",
    "check what other trusts have already tried",
    "keep a simple log of what you learn along the way",
]

# ---------------------------------------------------------------------------
# Profiles
# ---------------------------------------------------------------------------

_ROLE_WEIGHTS = {
    "nurse": 26,
    "doctor": 17,
    "manager": 17,
    "ahp": 10,
    "admin": 8,
    "patient": 7,
    "public": 6,
    "support": 4,
    "other": 3,
}
# The real campaign was overwhelmingly UK-based with a long international tail.
_COUNTRY_WEIGHTS = {
    "GB": 800,
    "IE": 14,
    "US": 12,
    "AU": 10,
    "CA": 8,
    "IN": 8,
    "NZ": 6,
    "NG": 5,
    "ZA": 4,
    "PK": 4,
    "PH": 4,
    "DE": 3,
    "NL": 3,
    "ES": 3,
    "IT": 3,
    "SA": 3,
    "AE": 3,
}
_ORG_WEIGHTS_STAFF = {
    "acute": 45,
    "primary": 12,
    "community": 12,
    "mental_health": 9,
    "ambulance": 4,
    "social_care": 3,
    "commissioner": 5,
    "education": 4,
    "voluntary": 2,
    "private": 3,
    "none": 1,
}
_ORG_WEIGHTS_BY_ROLE = {
    "doctor": {**_ORG_WEIGHTS_STAFF, "primary": 25, "education": 6},
    "ahp": {**_ORG_WEIGHTS_STAFF, "ambulance": 12, "community": 18},
    "manager": {**_ORG_WEIGHTS_STAFF, "commissioner": 12, "primary": 10},
    "patient": {
        "none": 60,
        "voluntary": 15,
        "acute": 5,
        "social_care": 5,
        "primary": 3,
        "community": 3,
        "education": 3,
        "private": 3,
        "mental_health": 3,
    },
    "public": {
        "none": 65,
        "voluntary": 10,
        "education": 8,
        "private": 8,
        "social_care": 4,
        "commissioner": 2,
        "acute": 3,
    },
    "other": {**_ORG_WEIGHTS_STAFF, "education": 25, "voluntary": 12},
}
_ROLE_KEYS = [k for k, _ in ROLE_GROUPS]
_COUNTRY_KEYS = [k for k, _ in COUNTRIES]
_ORG_KEYS = [k for k, _ in ORGANISATION_TYPES]
_ROLE_W = [_ROLE_WEIGHTS.get(k, 1) for k in _ROLE_KEYS]
_COUNTRY_W = [_COUNTRY_WEIGHTS.get(k, 1) for k in _COUNTRY_KEYS]
_ORG_W = {
    role: [_ORG_WEIGHTS_BY_ROLE.get(role, _ORG_WEIGHTS_STAFF).get(k, 0) for k in _ORG_KEYS]
    for role in [*_ROLE_KEYS, ""]
}
_BLANK_RATE = 0.09

_BODY_MIN, _BODY_MAX = 40, 1200
_COMMENT_MIN, _COMMENT_MAX = 20, 600
_TITLE_MAX = 99


# Light rewording applied to topic material so that two posts built on the same
# clause still differ in wording. Each entry: pattern (no capturing groups) and
# alternatives; a match is swapped about half the time.
_REWORDINGS: list[tuple[str, list[str]]] = [
    (r"\bfar more\b", ["much more", "a lot more"]),
    (r"\bfar better\b", ["much better", "a lot better"]),
    (r"\bnobody\b", ["no one"]),
    (r"\bnot just\b", ["not only"]),
    (r"\bso that\b", ["so"]),
    (r"\bactually\b", ["really", "genuinely"]),
    (r"\brarely\b", ["seldom", "hardly ever"]),
    (r"\bsimply\b", ["just"]),
    (r"\bquickly\b", ["rapidly", "swiftly"]),
    (r"\bproblems\b", ["issues", "difficulties"]),
    (r"\bproblem\b", ["issue"]),
    (r"\bhuge\b", ["massive", "big"]),
    (r"\bfrightened\b", ["scared", "afraid"]),
    (r"\bobvious\b", ["clear", "plain to see"]),
    (r"\bvery(?= (?:good|long|different|differently|cost)\b)", ["really", "extremely"]),
    (r"\bgood ideas\b", ["great ideas", "promising ideas", "decent ideas"]),
    (r"\bstaff who\b", ["colleagues who", "people who"]),
    (r"(?<!the )\bpeople who\b", ["those who"]),
    (r"\bevery(?= (?:manager|ward|team|trust|site|division|appraisal|member)\b)", ["each"]),
    (r"\bstart with\b", ["begin with"]),
    (r"\ba lot of\b", ["plenty of"]),
    (r"\bfrontline staff\b", ["frontline colleagues", "staff on the front line"]),
    (r"\bso often\b", ["so frequently"]),
    (r"\boften\b", ["frequently", "commonly"]),
    (r"\balmost\b(?! no\b)", ["nearly"]),
    (r"\bwithin weeks\b", ["in a matter of weeks"]),
    (r"\bworried\b", ["anxious"]),
    (r"\bsuggest\b", ["propose", "put forward"]),
    (r"\bdifficult\b", ["tricky", "hard"]),
    (r"\bexpensive\b", ["costly"]),
    (r"\bexhausted\b", ["worn-out"]),
    (r"\bbrilliant\b", ["excellent", "outstanding"]),
    (r"\busually\b", ["normally", "typically"]),
    (r"\bevery week\b", ["weekly", "each week"]),
    (r"\bthe NHS\b", ["the health service", "the NHS"]),
    (r"\bmake the case for\b", ["argue for", "build the case for"]),
    (r"\bsenior leaders\b", ["senior managers", "executives"]),
    (r"\bgenuinely\b", ["truly", "really"]),
]


def _needle(pattern: str) -> str:
    """The literal text a pattern cannot match without (a cheap pre-check)."""
    bare = re.sub(r"^\(\?<![^)]*\)", "", pattern).replace(r"\b", "")
    return re.match(r"[A-Za-z][A-Za-z ]*", bare).group(0)


# Checking for the literal first keeps rewording fast: most clauses hold one or two.
_REWORD_RULES = [(_needle(pat), re.compile(pat), alts) for pat, alts in _REWORDINGS]
# Where a compound clause may be cut short and still stand on its own.
_CUT_POINTS = (", and ", ", so ", "; ", ", which ", ", because ")


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lcfirst(text: str) -> str:
    """Lower-case the first letter unless the first word is "I", an acronym or a name."""
    word = text.split(" ", 1)[0]
    if word == "I" or word.startswith("I'") or word[1:2].isupper() or word in _KEEP_CASE:
        return text
    return text[:1].lower() + text[1:]


_KEEP_CASE = {"Freedom"}


def _fill(template: str, key: str, value: str) -> str:
    """Fill ``{key}`` with ``value`` and ``{Key}`` with it capitalised."""
    return template.replace("{" + key + "}", value).replace(
        "{" + key.capitalize() + "}", _cap(value)
    )


def _pick(rng: random.Random, items: list, avoid: list | None = None):
    """Choose from ``items``, avoiding anything in ``avoid`` when possible."""
    if avoid:
        pool = [x for x in items if x not in avoid]
        if pool:
            return rng.choice(pool)
    return rng.choice(items)


def _vary(rng: random.Random, clause: str, cut: float = 0.3) -> str:
    """Reword a clause lightly and sometimes keep only its first half."""
    if rng.random() < cut:
        for point in _CUT_POINTS:
            head, found, _ = clause.partition(point)
            if found and head.count(" ") >= 4:
                clause = head
                break

    for needle, pattern, alternatives in _REWORD_RULES:
        if needle in clause:

            def swap(match: re.Match, alternatives: list[str] = alternatives) -> str:
                return match.group(0) if rng.random() < 0.5 else rng.choice(alternatives)

            clause = pattern.sub(swap, clause)
    return clause


def _strip_tag(story: str) -> str:
    return story[2:] if story[:2] in ("+ ", "- ") else story


def _bare(np: str) -> str:
    """A noun phrase without its leading article ("a code" -> "code")."""
    for article in ("a ", "an ", "the "):
        if np.startswith(article):
            return np[len(article) :]
    return np


def _stories(topic: dict, question_key: str, role_group: str) -> list[str]:
    if role_group in _OBSERVER_ROLES:
        pool = list(topic["public_stories"])
    else:
        pool = topic["stories"] + topic["role_stories"].get(role_group, [])
    want = {"enablers": "+ ", "barriers": "- "}.get(question_key)
    if want:
        matching = [s for s in pool if s.startswith(want)]
        if matching:
            pool = matching
    return pool


def _trim(parts: list[str], sep: str, limit: int) -> str:
    """Join parts, dropping trailing ones (never the first) until within ``limit``."""
    text = sep.join(parts)
    while len(text) > limit and len(parts) > 1:
        parts = parts[:-1]
        text = sep.join(parts)
    if len(text) > limit:
        cut = text[: limit - 1].rsplit(" ", 1)[0]
        text = cut.rstrip(",;:") + "…"
    return text


# ---------------------------------------------------------------------------
# Sentence builders
# ---------------------------------------------------------------------------


def _claim(rng: random.Random, q: str, topic: dict, used: list, cut: float = 0.3) -> str:
    if rng.random() < 0.2:
        np = _pick(rng, topic["subjects"], used)
        used.append(np)
        return _fill(rng.choice(_SUBJECT_TEMPLATES[q]), "np", _vary(rng, np, cut=0))
    clause = _pick(rng, topic[q], used)
    used.append(clause)
    key = "a" if q == "solutions" else "c"
    return _fill(rng.choice(_OPENERS[q]), key, _vary(rng, clause, cut))


def _more(rng: random.Random, q: str, topic: dict, used: list) -> str:
    clause = _pick(rng, topic[q], used)
    used.append(clause)
    key = "a" if q == "solutions" else "c"
    return _fill(rng.choice(_MORE[q]), key, _vary(rng, clause))


def _detail(rng: random.Random, topic: dict, used: list) -> str:
    detail = _pick(rng, topic["details"], used)
    used.append(detail)
    detail = _vary(rng, detail)
    prefix = rng.choice(_DETAIL_PREFIXES)
    return (prefix + detail if prefix else _cap(detail)) + "."


def _payoff(rng: random.Random, q: str, topic: dict) -> str:
    templates, pool = _PAYOFFS[q][0] if rng.random() < 0.75 else _PAYOFFS[q][1]
    return _fill(rng.choice(templates), "np", _vary(rng, rng.choice(topic[pool]), cut=0))


def _story(rng: random.Random, q: str, topic: dict, role_group: str) -> str:
    story = _vary(rng, _strip_tag(rng.choice(_stories(topic, q, role_group))), cut=0)
    if rng.random() < 0.6 and (role_group or rng.random() < 0.3):
        return f"{rng.choice(_ROLE_INTROS[role_group])}, {story}."
    lead = rng.choice(_STORY_LEADS)
    return (lead + story if lead else _cap(story)) + "."


def _bullet_items(rng: random.Random, q: str, topic: dict, used: list) -> list[str]:
    """Terse list items: cut-down clauses mixed with noun phrases (and steps)."""
    pool = [("clause", c) for c in topic[q] if c not in used]
    pool += [("np", np) for np in topic["subjects"]]
    if q == "solutions":
        pool += [("clause", s) for s in topic["steps"]]
    count = rng.choices([2, 3, 4, 5], [15, 40, 30, 15])[0]
    items = []
    for kind, text in rng.sample(pool, count):
        if kind == "np" and q == "barriers":
            text = rng.choice(["no ", "lack of ", "too little ", "not enough "]) + _bare(text)
        items.append(_vary(rng, text, cut=0.6))
    if rng.random() < 0.15:
        # People wander: one point from a neighbouring topic.
        other = rng.choice(TOPICS)
        if other is not topic:
            items[rng.randrange(len(items))] = _vary(rng, rng.choice(other[q]), cut=0.6)
    return items


def _bullet_list(rng: random.Random, q: str, topic: dict, used: list) -> list[str]:
    style = rng.choice(_BULLETS)
    full_stop = "." if rng.random() < 0.5 else ""
    lines = []
    for n, item in enumerate(_bullet_items(rng, q, topic, used), 1):
        if style == "number":
            marker = f"{n}. "
        elif style == "number)":
            marker = f"{n}) "
        else:
            marker = style
        lines.append(marker + _cap(item) + full_stop)
    return lines


def _turn(rng: random.Random, q: str, topic: dict) -> str:
    """A sentence looking at the topic from another question's angle."""
    if q == "enablers":
        lead = rng.choice(
            [
                "If I could add one thing, it would be to ",
                "What would help even more is to ",
                "Next, I'd like us to ",
            ]
        )
        return lead + _vary(rng, rng.choice(topic["solutions"])) + "."
    if q == "barriers":
        lead = rng.choice(
            ["What would help? I'd ", "The fix isn't complicated: ", "If I were in charge, I'd "]
        )
        return lead + _vary(rng, rng.choice(topic["solutions"])) + "."
    lead = rng.choice(
        [
            "We know it can work, because ",
            "It's not a fantasy: ",
            "There is already proof that this helps: ",
        ]
    )
    return lead + _vary(rng, rng.choice(topic["enablers"])) + "."


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def make_profile(rng: random.Random) -> dict:
    """A volunteered profile: role group, country and organisation type keys.

    Each field is "" (not given) roughly 9% of the time.
    """
    role = rng.choices(_ROLE_KEYS, _ROLE_W)[0]
    country = rng.choices(_COUNTRY_KEYS, _COUNTRY_W)[0]
    organisation = rng.choices(_ORG_KEYS, _ORG_W[role])[0]
    if rng.random() < _BLANK_RATE:
        role = ""
    if rng.random() < _BLANK_RATE:
        country = ""
    if rng.random() < _BLANK_RATE:
        organisation = ""
    return {"role_group": role, "country": country, "organisation_type": organisation}


def make_title(rng: random.Random, question_key: str, topic: dict) -> str:
    """A short title (under 100 characters) for a post on ``topic``."""
    roll = rng.random()
    titles = topic["titles"][question_key]
    if roll < 0.55:
        title = rng.choice(titles)
    elif roll < 0.75:
        title = _cap(rng.choice(topic["subjects"]))
    elif roll < 0.9:
        title = f"{rng.choice(topic['terms'])}: {_lcfirst(rng.choice(titles))}"
    else:
        # Some people use their opening line as the title, if it is short enough.
        title = _cap(_vary(rng, rng.choice(topic[question_key]), cut=1))
        if len(title) > 80:
            title = rng.choice(titles)
    if len(title) > _TITLE_MAX:
        title = title[: _TITLE_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return title


def make_contribution(rng: random.Random, question_key: str, role_group: str = "") -> dict:
    """One contribution to ``question_key``: title (often ""), body, category, topic.

    ``role_group`` (a key of ``ROLE_GROUPS`` or "") colours personal stories.
    """
    if question_key not in QUESTION_KEYS:
        raise ValueError(f"unknown question key: {question_key!r}")
    if role_group not in _ROLE_INTROS:
        role_group = ""
    q = question_key
    topic = rng.choices(TOPICS, _TOPIC_WEIGHTS)[0]
    used: list[str] = []
    sep = " "
    shape = rng.choices(
        ["argument", "story", "list", "short", "contrast", "essay"], [36, 20, 12, 16, 11, 5]
    )[0]

    if shape == "short":
        if rng.random() < 0.3:
            # An observation, tied to the question by what follows from it.
            parts = [_detail(rng, topic, used), _payoff(rng, q, topic)]
            roll = 1.0
        else:
            parts = [_claim(rng, q, topic, used, cut=0.5)]
            roll = rng.random()
        if roll < 0.45:
            parts.append(_payoff(rng, q, topic))
        elif roll < 0.7:
            parts.append(rng.choice(_CLOSINGS[q]))
        elif roll < 0.85:
            parts.append(_detail(rng, topic, used))
        if rng.random() < 0.15:
            parts[0] = f"{rng.choice(topic['terms'])}: {_lcfirst(parts[0])}"
    elif shape == "list":
        parts = []
        if rng.random() < 0.3:
            parts.append(_claim(rng, q, topic, used))
        parts.append(rng.choice(_LIST_INTROS[q]))
        parts += _bullet_list(rng, q, topic, used)
        if rng.random() < 0.4:
            parts.append(_payoff(rng, q, topic) if rng.random() < 0.5 else rng.choice(_CLOSINGS[q]))
        sep = "\n"
    elif shape == "story":
        parts = [_story(rng, q, topic, role_group)]
        if rng.random() < 0.6:
            parts.append(rng.choice(_LESSONS[q]))
        parts.append(_claim(rng, q, topic, used))
        if rng.random() < 0.4:
            parts.append(_detail(rng, topic, used))
        if rng.random() < 0.5:
            parts.append(_payoff(rng, q, topic))
        if rng.random() < 0.4:
            parts.append(rng.choice(_CLOSINGS[q]))
    elif shape == "contrast":
        if q == "solutions":
            problem = _vary(rng, _pick(rng, topic["barriers"], used))
            lead = rng.choice(["At the moment, ", "Right now, ", "Today, ", "The trouble is, "])
            parts = [lead + problem + ".", _claim(rng, q, topic, used)]
        elif q == "barriers":
            lead = rng.choice(
                [
                    "It doesn't have to be this way: ",
                    "Where it's done well, ",
                    "By contrast, in the best teams I've seen, ",
                    "And yet elsewhere, ",
                ]
            )
            parts = [
                _claim(rng, q, topic, used),
                lead + _vary(rng, rng.choice(topic["enablers"])) + ".",
            ]
        else:
            lead = rng.choice(
                ["Compare that with trusts where ", "Elsewhere, ", "I have also worked where "]
            )
            parts = [
                _claim(rng, q, topic, used),
                lead
                + _vary(rng, rng.choice(topic["barriers"]), cut=0.6)
                + ", and the difference is obvious.",
            ]
        if rng.random() < 0.6:
            parts.append(_payoff(rng, q, topic))
        if rng.random() < 0.3:
            parts.append(rng.choice(_CLOSINGS[q]))
    elif shape == "essay":
        opening = [_claim(rng, q, topic, used), _detail(rng, topic, used)]
        if rng.random() < 0.6:
            opening.append(_more(rng, q, topic, used))
        middle = [_story(rng, q, topic, role_group), _detail(rng, topic, used)]
        if rng.random() < 0.5:
            middle.append(rng.choice(_LESSONS[q]))
        ending = [_payoff(rng, q, topic), _turn(rng, q, topic)]
        if rng.random() < 0.7:
            ending.append(rng.choice(_CLOSINGS[q]))
        parts = [" ".join(opening), " ".join(middle), " ".join(ending)]
        sep = "\n\n"
    else:  # argument
        parts = [_claim(rng, q, topic, used)]
        if rng.random() < 0.55:
            # Sometimes the context comes first and the claim second.
            parts.insert(0 if rng.random() < 0.25 else 1, _detail(rng, topic, used))
        if rng.random() < 0.5:
            parts.append(_more(rng, q, topic, used))
        if rng.random() < 0.2:
            parts.append(_story(rng, q, topic, role_group))
        if rng.random() < 0.2:
            parts.append(_detail(rng, topic, used))
        if rng.random() < 0.15:
            parts.append(_turn(rng, q, topic))
        if rng.random() < 0.08:
            # A nod to a neighbouring concern, as real posts often make.
            parts.append(_more(rng, q, rng.choice(TOPICS), used))
        if rng.random() < 0.6:
            parts.append(_payoff(rng, q, topic))
        if rng.random() < 0.5:
            parts.append(rng.choice(_CLOSINGS[q]))

    if sep == " " and len(parts) >= 4 and rng.random() < 0.35:
        split = rng.randrange(2, len(parts))
        parts = [" ".join(parts[:split]), " ".join(parts[split:])]
        sep = "\n\n"

    body = _trim(parts, sep, _BODY_MAX)
    if len(body) < _BODY_MIN:
        body = f"{body} {rng.choice(_CLOSINGS[q])}"
    if rng.random() < 0.25:
        for short, long in _CONTRACTIONS:
            body = body.replace(short, long)

    title = "" if rng.random() < 0.4 else make_title(rng, q, topic)
    return {"title": title, "body": body, "category": topic["category"], "topic": topic["key"]}


def make_comment(rng: random.Random, contribution: dict) -> dict:
    """A comment reacting to ``contribution``; its ``topic`` drives the wording.

    About 30% are "how to make it happen" comments (``is_implementation``).
    An optional ``question`` key on ``contribution`` sharpens agreeing comments.
    """
    topic = (
        TOPIC_BY_KEY.get(contribution.get("topic", "")) or rng.choices(TOPICS, _TOPIC_WEIGHTS)[0]
    )
    is_implementation = rng.random() < 0.3
    sep = " "

    if is_implementation:

        def step(first: bool) -> str:
            # The first step is always the topic's own; later ones may be general advice.
            generic = not first and rng.random() < 0.3
            return _vary(rng, rng.choice(_GENERIC_STEPS if generic else topic["steps"]))

        if rng.random() < 0.3:
            steps = rng.sample(topic["steps"], rng.choice([1, 2, 2, 3]))
            steps.append(rng.choice(_GENERIC_STEPS))
            rng.shuffle(steps)
            parts = [rng.choice(_IMPL_LIST_INTROS)]
            parts += [f"{i}. {_cap(_vary(rng, s))}." for i, s in enumerate(steps, 1)]
            sep = "\n"
        else:
            text = rng.choice(_IMPL_TEMPLATES)
            for key in ("s1", "s2", "s3"):
                if "{" + key in text or "{" + key.capitalize() in text:
                    text = _fill(text, key, step(first=key == "s1"))
            parts = [text]
            if rng.random() < 0.3:
                parts.append(rng.choice(_IMPL_TAILS))
    else:
        kind = rng.choices(["agree", "example", "doubt", "question"], [40, 25, 25, 10])[0]
        if kind == "agree":
            parts = [rng.choice(_AGREE)]
            roll = rng.random()
            if roll < 0.4:
                parts.append(_cap(_vary(rng, rng.choice(topic["details"]), cut=0)) + ".")
            elif roll < 0.7:
                np = _vary(rng, rng.choice(topic["benefits"]), cut=0)
                parts.append(_fill(rng.choice(_AGREE_PAYOFFS), "np", np))
            else:
                pool = contribution.get("question")
                if pool not in ("enablers", "barriers"):
                    pool = rng.choice(["enablers", "barriers"])
                parts.append(_cap(_vary(rng, rng.choice(topic[pool]), cut=0)) + ".")
        elif kind == "example":
            lead = rng.choice(_EXAMPLE_LEADS)
            story = _vary(
                rng, _strip_tag(rng.choice(topic["stories"] + topic["public_stories"])), cut=0
            )
            story = story if lead.endswith((",", ":")) else _cap(story)
            parts = [f"{lead} {story}."]
        elif kind == "doubt":
            doubt = _vary(rng, rng.choice(topic["doubts"]), cut=0)
            parts = [_fill(rng.choice(_DOUBT_TEMPLATES), "d", doubt)]
            if rng.random() < 0.3:
                parts.append(
                    rng.choice(
                        [
                            "Still worth a try, though.",
                            "I'd still give it a go.",
                            "Not a reason to give up on it.",
                        ]
                    )
                )
        else:
            detail = _vary(rng, rng.choice(topic["details"]), cut=0)
            parts = [_fill(rng.choice(_QUESTION_TEMPLATES), "d", detail)]

    body = _trim(parts, sep, _COMMENT_MAX)
    if len(body) < _COMMENT_MIN:
        body = _trim([body, _cap(rng.choice(topic["details"])) + "."], " ", _COMMENT_MAX)
    return {"body": body, "is_implementation": is_implementation}
