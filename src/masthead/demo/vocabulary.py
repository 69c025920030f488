"""The words the demo's text generator writes with.

All of it was written for Masthead: the people, organisations, clubs and
companies are invented. Real towns and port cities are only settings (datelines,
tags, "in Sylhet"); nothing that happens in them is real.

Quotations marked "@" are an official's voice and "%" an outside expert's;
unmarked ones are ordinary people's.
"""

from dataclasses import dataclass

SECTIONS = ("national", "world", "business", "sports", "opinion")

SECTION_TITLES = {
    "national": "National",
    "world": "World",
    "business": "Business",
    "sports": "Sports",
    "opinion": "Opinion",
}

SECTION_INTROS = {
    "national": "News from the capital and the districts: rivers and roads, schools "
    "and clinics, and the people who keep them going.",
    "world": "What happened beyond our borders today, and why it matters here.",
    "business": "Markets, money, jobs and the companies that make them, from the "
    "garment floor to the trading screen.",
    "sports": "Cricket, football and everything else that gets the country on its "
    "feet: results, reports and the stories behind them.",
    "opinion": "Columns, analysis and argument from our writers and guest "
    "contributors. The views are the authors' own.",
}

BD_TOWNS = (
    "Dhaka",
    "Chattogram",
    "Khulna",
    "Rajshahi",
    "Sylhet",
    "Barishal",
    "Rangpur",
    "Mymensingh",
    "Cumilla",
    "Bogura",
    "Jashore",
    "Narayanganj",
    "Gazipur",
    "Dinajpur",
    "Pabna",
    "Tangail",
    "Faridpur",
    "Noakhali",
    "Bhola",
    "Patuakhali",
    "Satkhira",
    "Kushtia",
    "Sunamganj",
    "Habiganj",
    "Moulvibazar",
    "Kurigram",
    "Gaibandha",
    "Sirajganj",
    "Netrokona",
    "Kishoreganj",
    "Jamalpur",
    "Chandpur",
    "Lakshmipur",
    "Feni",
    "Bagerhat",
    "Pirojpur",
    "Madaripur",
    "Natore",
    "Naogaon",
    "Thakurgaon",
    "Lalmonirhat",
    "Nilphamari",
    "Cox's Bazar",
    "Rangamati",
    "Bandarban",
    "Khagrachhari",
    "Brahmanbaria",
    "Munshiganj",
    "Manikganj",
    "Narsingdi",
    "Sherpur",
    "Magura",
    "Jhenaidah",
    "Chuadanga",
    "Meherpur",
    "Narail",
    "Gopalganj",
    "Shariatpur",
    "Rajbari",
    "Joypurhat",
)

# Port cities only: World stories put ships, coasts and storms in them.
WORLD_CITIES = (
    "Lisbon",
    "Singapore",
    "Jakarta",
    "Colombo",
    "Manila",
    "Mombasa",
    "Accra",
    "Dakar",
    "Tunis",
    "Istanbul",
    "Valparaiso",
    "Cape Town",
    "Durban",
    "Reykjavik",
    "Wellington",
    "Montevideo",
    "Hamburg",
    "Rotterdam",
    "Marseille",
    "Busan",
    "Da Nang",
    "Muscat",
    "Karachi",
    "Halifax",
)

VILLAGE_PREFIXES = (
    "Char",
    "Uttar",
    "Dakshin",
    "Purba",
    "Paschim",
    "Nayapara",
    "Boro",
    "Chhoto",
)
VILLAGE_STEMS = (
    "Kashem",
    "Baliadanga",
    "Shimulia",
    "Kathalbari",
    "Golapganj",
    "Talgachhi",
    "Bansbaria",
    "Kumarkhali",
    "Jhaukandi",
    "Nalchhiti",
    "Dhanbari",
    "Amtali",
    "Kalikapur",
    "Haripur",
    "Mirzapur",
    "Sonatala",
    "Betagi",
    "Kaliganj",
    "Rupdia",
    "Chandkhali",
)

BD_NAMES_F = (
    "Rahima",
    "Nasrin",
    "Farhana",
    "Tahmina",
    "Sharmin",
    "Ayesha",
    "Nusrat",
    "Sadia",
    "Shirin",
    "Rokeya",
    "Monira",
    "Sabina",
    "Tania",
    "Jannatul",
    "Rumana",
    "Nazma",
    "Parveen",
    "Laila",
    "Salma",
    "Shahana",
    "Afroza",
    "Bilkis",
    "Anjuman",
    "Marium",
    "Fatema",
    "Sumaiya",
    "Taslima",
    "Mahmuda",
)
BD_NAMES_M = (
    "Kamal",
    "Rafiq",
    "Jahangir",
    "Anisur",
    "Mahbub",
    "Tanvir",
    "Imran",
    "Shafiq",
    "Habib",
    "Ziaul",
    "Mizanur",
    "Sohel",
    "Arif",
    "Faruk",
    "Nazrul",
    "Shahin",
    "Rashed",
    "Kawsar",
    "Sumon",
    "Mamun",
    "Nasir",
    "Alamgir",
    "Jamil",
    "Masud",
    "Rezaul",
    "Saiful",
    "Tariq",
    "Obaidul",
)
BD_SURNAMES = (
    "Hossain",
    "Rahman",
    "Islam",
    "Ahmed",
    "Chowdhury",
    "Khan",
    "Alam",
    "Sarkar",
    "Haque",
    "Karim",
    "Talukder",
    "Bhuiyan",
    "Majumder",
    "Siddique",
    "Mollah",
    "Sheikh",
    "Hasan",
    "Kabir",
    "Mahmud",
    "Mia",
    "Sikder",
    "Howlader",
)
BD_SURNAMES_F = ("Akter", "Begum", "Sultana", "Khatun", "Parvin")
BD_NAMES_F2 = (
    "Dipa",
    "Priya",
    "Moushumi",
    "Shampa",
    "Rina",
    "Anjali",
    "Mitali",
    "Sraboni",
    "Tanushree",
    "Papia",
)
BD_NAMES_M2 = (
    "Dipankar",
    "Subrata",
    "Pranab",
    "Rajib",
    "Biplob",
    "Sujan",
    "Ashok",
    "Tapan",
    "Gautam",
    "Shuvo",
)
BD_SURNAMES2 = (
    "Das",
    "Roy",
    "Paul",
    "Biswas",
    "Mondal",
    "Saha",
    "Barua",
    "Chakma",
    "Ghosh",
    "Dey",
    "Sen",
    "Bhowmik",
)

WORLD_FIRST_F = (
    "Ingrid",
    "Amara",
    "Lucia",
    "Mei",
    "Sofia",
    "Hana",
    "Claire",
    "Adaeze",
    "Marta",
    "Leila",
    "Yuki",
    "Elena",
    "Nadia",
    "Grace",
    "Ana",
    "Freya",
    "Zanele",
    "Camille",
    "Paula",
    "Irene",
)
WORLD_FIRST_M = (
    "Tomas",
    "Kwame",
    "Jonas",
    "Rafael",
    "Kenji",
    "Omar",
    "Pieter",
    "Diego",
    "Luca",
    "Mateus",
    "Samuel",
    "Aziz",
    "Henrik",
    "Tunde",
    "Daniel",
    "Felipe",
    "Ivan",
    "Marco",
    "Emeka",
    "Anders",
)
WORLD_SURNAMES = (
    "Lindqvist",
    "Mensah",
    "Okafor",
    "Duarte",
    "Ferreira",
    "Tanaka",
    "Novak",
    "Haddad",
    "Moreau",
    "Castillo",
    "Van Dijk",
    "Kowalski",
    "Petrov",
    "Nakamura",
    "Osei",
    "Brennan",
    "Quispe",
    "Halvorsen",
    "Abara",
    "Rossi",
    "Santos",
    "Keller",
    "Mwangi",
    "Dubois",
    "Ibarra",
    "Lund",
    "Varga",
    "Achebe",
    "Morales",
    "Fischer",
)

WEEKDAYS = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SMALL = (
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
)
WHEN = (
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "on Saturday",
    "on Sunday",
    "last week",
    "earlier this month",
    "yesterday",
    "on Sunday evening",
    "late on Thursday",
    "this week",
)
AGO = (
    "two years ago",
    "last year",
    "three years ago",
    "a decade ago",
    "five years ago",
    "before the pandemic",
    "eighteen months ago",
)

# Who the paper quotes, per section: (roles at an organisation, ordinary people).
SINCE = (
    "last year",
    "the start of the year",
    "the pandemic",
    "the last monsoon",
    "early last year",
    "the spring",
    "the last budget",
)
# How a quotation is attributed after the speaker's name.
SAID = (
    "said",
    "said",
    "said",
    "told reporters",
    "told this newspaper",
    "said in an interview",
    "said by telephone",
)


@dataclass(frozen=True)
class Topic:
    """What a story is about: its vocabulary and its templates."""

    key: str
    tags: tuple[str, ...]
    subject: tuple[str, ...]
    issue: tuple[str, ...]
    group: tuple[str, ...]
    org: tuple[str, ...]
    action: tuple[str, ...]
    headlines: tuple[str, ...]
    standfirsts: tuple[str, ...]
    facts: tuple[str, ...]
    quotes: tuple[str, ...]
    local_tag: str = ""  # e.g. "{place} floods": a per-town tag
    roles: tuple[str, ...] = ()  # who speaks, if not the section's usual people


# --------------------------------------------------------------------------
# National
# --------------------------------------------------------------------------
NATIONAL_EXPERTS = (
    "the Institute for Delta Studies",
    "the Centre for Rural Livelihoods",
    "Eastern Riverside University",
    "the Bay Policy Lab",
    "the Lalbagh Institute of Public Affairs",
    "Northfield University",
)
NATIONAL_TOPICS = (
    Topic(
        key="floods",
        tags=("Floods", "Monsoon", "River erosion"),
        subject=(
            "the embankment",
            "the river embankment",
            "the flood wall",
            "the new sluice gates",
        ),
        issue=("river erosion", "flood protection", "flooding", "the rising river"),
        group=(
            "farmers",
            "families living along the river",
            "fishermen",
            "villagers",
            "shopkeepers in the riverside bazaar",
        ),
        org=(
            "the Delta Waterways Board",
            "the Coastal Resilience Forum",
            "the district relief office",
            "the River Works Directorate",
        ),
        action=(
            "repair the embankment before the rains",
            "finish the flood wall",
            "move families to higher ground",
            "dredge the silted channel",
        ),
        headlines=(
            "{Place} villagers race to shore up embankment as river rises",
            "Erosion swallows {n} homes near {place} in a week",
            "Flood wall for {place} still unfinished, {small} years on",
            "Families in {village} spend another night on the embankment",
            "River shifts course near {place}, leaving a school on the edge",
            "Relief reaches {village} as waters begin to fall",
        ),
        standfirsts=(
            "Residents say promises of protection have come and gone with every "
            "monsoon. Officials say work will start before the next rains.",
            "About {n} families have lost land this season. Many have nowhere "
            "else to go.",
            "Engineers blame silt and late funding; villagers blame everyone.",
        ),
        facts=(
            "The river has eaten about {n} metres of farmland along a "
            "{small}-kilometre stretch since the start of the season.",
            "At least {n} homes, a primary school and two mosques have been "
            "lost to the water since {month}.",
            "Sandbags stacked by volunteers held for {small} days before the "
            "current cut through them on {day} night.",
            "Water levels at the {place} gauge stood {small} centimetres above "
            "the danger mark on {day} morning.",
            "Families have moved cattle, rice stores and tin roofs to a strip "
            "of high ground beside the road.",
            "The embankment was last repaired {ago}, at a cost of {money}.",
        ),
        quotes=(
            "We have moved our house three times. Each time the river follows us",
            "Every year they measure the bank and every year they leave",
            "@The work is scheduled and the money is allocated. What we need now "
            "is a dry month",
            "@If the sluice gates had been closed in time, half of this would "
            "not have happened",
            "My father farmed this land and so did his father. Now it is in "
            "the middle of the river",
            "@We are handing out dry food and water purification tablets, but "
            "the need is much bigger than what we have",
        ),
        local_tag="{place} floods",
    ),
    Topic(
        key="schools",
        tags=("Education", "Schools", "Exams"),
        subject=(
            "the new classroom block",
            "the school",
            "the exam centre",
            "the secondary school",
        ),
        issue=(
            "the shortage of teachers",
            "overcrowding in classrooms",
            "the exam system",
            "the dropout rate",
        ),
        group=(
            "students",
            "parents",
            "teachers",
            "head teachers",
            "girls in the upper classes",
        ),
        org=(
            "the Riverine Schools Trust",
            "the district education office",
            "the Teachers' Welfare Association",
            "the Board of Secondary Exams",
        ),
        action=(
            "hire more teachers",
            "rebuild the damaged classrooms",
            "keep girls in school",
            "publish the results on time",
        ),
        headlines=(
            "{N} students share one classroom at {place} school",
            "Pass rate rises in {place} despite teacher shortage",
            "Parents in {village} pool money to pay a second teacher",
            "New classroom block in {place} stands empty for want of benches",
            "Girls' attendance climbs after bicycle scheme in {place}",
            "Exam centre moved at the last minute, leaving {place} pupils stranded",
        ),
        standfirsts=(
            "Teachers say they are doing their best with what they have. "
            "Parents say it is not enough.",
            "A small scheme run by volunteers has changed the numbers, and "
            "officials want to copy it.",
            "The building was finished {ago}. The furniture never arrived.",
        ),
        facts=(
            "The school has {n} pupils on its register and {small} teachers.",
            "The pass rate in the district rose to {pct} this year, from "
            "{pct} the year before.",
            "Classes are taught in two shifts, the first starting at seven in "
            "the morning.",
            "Nearly {pct} of pupils in the upper classes are girls, the "
            "highest share in the district.",
            "The nearest secondary school is {small} kilometres away, across a "
            "river crossed by boat.",
        ),
        quotes=(
            "I teach mathematics, science and English because there is nobody "
            "else to do it",
            "When the bicycles came, the girls stopped missing the first class",
            "@We have asked for two more teachers every year and every year we "
            "are told to wait",
            "The children are bright. They deserve a proper roof over their heads",
            "%Results alone do not tell you how hard these students work",
        ),
        local_tag="{place} schools",
    ),
    Topic(
        key="roads",
        tags=("Roads", "Transport", "Infrastructure"),
        subject=(
            "the bridge",
            "the bypass road",
            "the bus terminal",
            "the four-lane highway",
            "the ferry ghat",
        ),
        issue=(
            "traffic congestion",
            "road safety",
            "the cost of bus travel",
            "the state of the highway",
        ),
        group=(
            "commuters",
            "bus drivers",
            "traders",
            "students travelling to college",
            "rickshaw pullers",
        ),
        org=(
            "the Urban Transit Commission",
            "the Public Works Directorate",
            "the Bus Owners' Association",
            "the Highway Safety Council",
        ),
        action=(
            "open the bridge to traffic",
            "widen the road",
            "bring fares down",
            "repair the potholes before the rains",
        ),
        headlines=(
            "{Place} bypass opens {small} years late",
            "Commuters face long waits as ferry service cut to {small} trips",
            "Bridge near {place} closed after cracks found in pillar",
            "Bus fares go up again on {place} route",
            "Potholes turn {place} highway into an obstacle course",
            "New road halves travel time from {village} to {place}",
        ),
        standfirsts=(
            "Drivers welcome the change. Traders on the old road are less sure.",
            "Officials promise repairs within weeks; commuters have heard that before.",
            "The project cost {money}, nearly twice the first estimate.",
        ),
        facts=(
            "About {n_big} vehicles use the road every day, according to the "
            "most recent count.",
            "The bridge is {n} metres long and was designed to carry lorries "
            "of up to {small} tonnes.",
            "Work began {ago} and was meant to take eighteen months.",
            "The journey that once took {small} hours now takes under one.",
            "Fares on the route have risen by {pct} since {month}.",
        ),
        quotes=(
            "I leave home before sunrise and still I am late",
            "%A road is not finished when the ribbon is cut. It is finished "
            "when it is safe",
            "Every week we lose a day's income waiting at the ghat",
            "@The design has been checked and the contractor has been told to "
            "fix the defects at his own cost",
            "Now my vegetables reach the market while they are still fresh",
        ),
    ),
    Topic(
        key="health",
        tags=("Health", "Hospitals", "Public health"),
        subject=(
            "the community clinic",
            "the district hospital",
            "the new maternity ward",
            "the vaccination drive",
        ),
        issue=(
            "hospital crowding",
            "the supply of medicines",
            "the fever season",
            "maternal health",
        ),
        group=("patients", "nurses", "doctors", "mothers", "health workers"),
        org=(
            "the Northern Districts Health Board",
            "Citizens' Health Watch",
            "the district civil surgeon's office",
            "the Mobile Clinics Trust",
        ),
        action=(
            "add beds",
            "hire more nurses",
            "stock the pharmacy",
            "reach remote villages",
        ),
        headlines=(
            "Fever cases rise in {place}; hospital adds {small} beds",
            "One doctor for {n_big} people in {village}",
            "Mobile clinic brings check-ups to {village} by boat",
            "{Place} hospital's new maternity ward opens",
            "Medicine runs short at {place} clinics",
            "Health workers in {place} go door to door before the rains",
        ),
        standfirsts=(
            "Doctors say most patients arrive too late. The clinic wants to "
            "change that.",
            "The ward was built with money raised by residents and a grant from {org}.",
            "Nurses are working double shifts as beds fill up.",
        ),
        facts=(
            "The hospital has {n} beds and admitted more than {n_big} patients "
            "last month.",
            "Outpatient numbers have doubled since {month}.",
            "The clinic is staffed by {small} health workers and visited by a "
            "doctor twice a week.",
            "About {pct} of births in the area now take place with a trained "
            "midwife present, up from under half {ago}.",
            "The pharmacy ran out of basic antibiotics for {small} days last month.",
        ),
        quotes=(
            "%We see the same families every season. Prevention would cost far "
            "less than treatment",
            "The nurses have not had a day off in three weeks",
            "Before the boat clinic came, a check-up meant losing two days of work",
            "@Supplies have been dispatched and should arrive within the week",
            "%Mothers trust the clinic now. That took years",
        ),
        local_tag="{place} health",
    ),
    Topic(
        key="power",
        tags=("Electricity", "Energy", "Solar power"),
        subject=(
            "the solar mini-grid",
            "the power station",
            "the new substation",
            "load-shedding",
        ),
        issue=(
            "load-shedding",
            "the price of electricity",
            "solar power",
            "the gas shortage",
        ),
        group=(
            "households",
            "small factories",
            "irrigation pump owners",
            "students studying for exams",
            "shop owners",
        ),
        org=(
            "the Rural Power Cooperative",
            "the Grid Operations Centre",
            "the Clean Energy Alliance",
            "the district power office",
        ),
        action=(
            "end the evening power cuts",
            "connect remote villages",
            "cut the cost of diesel pumps",
            "upgrade the substation",
        ),
        headlines=(
            "Power cuts of up to {small} hours a day hit {place}",
            "Solar mini-grid lights up {n} homes in {village}",
            "{Place} factories switch to generators as gas runs short",
            "New substation promises end to {place} blackouts",
            "Farmers in {place} swap diesel pumps for solar",
        ),
        standfirsts=(
            "The grid cannot keep up with demand in the evening peak, officials admit.",
            "A cooperative of {n} households now sells its spare power to neighbours.",
            "Small businesses say every hour without power costs them customers.",
        ),
        facts=(
            "Demand in the evening peak has exceeded supply by about {pct} "
            "for most of the past month.",
            "The mini-grid's panels produce about {n} kilowatts on a clear day.",
            "Diesel for irrigation pumps costs farmers about {money_small} an hour.",
            "The substation serves around {n_big} connections.",
        ),
        quotes=(
            "My children study by torchlight three nights a week",
            "%The sun is free. The batteries are the hard part",
            "We are running the generator from six to eleven every evening and "
            "the diesel bill is killing us",
            "@The upgrade will be complete before the summer peak",
            "Once the pump went solar, I stopped counting every litre",
        ),
    ),
    Topic(
        key="farming",
        tags=("Agriculture", "Rice", "Farmers"),
        subject=(
            "the boro harvest",
            "the rice harvest",
            "fertiliser prices",
            "the government procurement drive",
        ),
        issue=(
            "the price of paddy",
            "the cost of fertiliser",
            "the harvest",
            "a shortage of farm labour",
        ),
        group=(
            "farmers",
            "sharecroppers",
            "rice millers",
            "farm labourers",
            "women who run kitchen gardens",
        ),
        org=(
            "the Farmers' Cooperative Union",
            "the district agriculture office",
            "the Seed Growers' Network",
            "the Crop Research Station",
        ),
        action=(
            "buy rice directly from farmers",
            "bring fertiliser prices down",
            "release flood-tolerant seeds",
            "pay fair prices at harvest",
        ),
        headlines=(
            "Bumper harvest in {place}, but prices leave farmers short",
            "Fertiliser queues grow in {place} as planting season begins",
            "Flood-tolerant rice brings hope to {village}",
            "Labour shortage delays harvest in {place}",
            "{Place} farmers turn to sunflowers on salty land",
        ),
        standfirsts=(
            "Farmers say they are selling below the cost of growing.",
            "A new variety developed by {org} survived two weeks under water.",
            "Wages for harvest workers have risen by {pct} in a year.",
        ),
        facts=(
            "Paddy is selling at about {money_small} a maund at local markets, "
            "below what farmers say it costs to grow.",
            "The district expects to harvest about {n_big} tonnes this season.",
            "Dealers have received only {pct} of the fertiliser allocated for "
            "the month.",
            "Trial plots planted with the new seed yielded {pct} more than "
            "neighbouring fields.",
        ),
        quotes=(
            "The harvest is good. The price is not",
            "We stood in line from dawn and went home with half a sack",
            "The field was under water for twelve days and the plants came "
            "back. I did not believe it",
            "Young men have gone to the city. There is nobody left to cut the rice",
            "@Procurement centres will open in every upazila from next week",
        ),
        local_tag="{place} farmers",
    ),
    Topic(
        key="cities",
        tags=("Urban life", "Waterlogging", "Waste"),
        subject=(
            "the drainage canal",
            "waste collection",
            "the new park",
            "the city corporation's budget",
        ),
        issue=("waterlogging", "waste management", "air pollution", "public space"),
        group=(
            "residents",
            "ward councillors",
            "street vendors",
            "office workers",
            "children who have nowhere to play",
        ),
        org=(
            "the city corporation",
            "the Green Neighbourhoods Forum",
            "the Residents' Welfare Society",
            "the Urban Drainage Authority",
        ),
        action=(
            "clear the drains",
            "collect the rubbish every day",
            "open the park to the public",
            "stop illegal filling of canals",
        ),
        headlines=(
            "An hour of rain leaves {place} streets under knee-deep water",
            "Rubbish piles up in {place} after collectors' dispute",
            "Residents reclaim a canal in {place}, one sack at a time",
            "{Place} opens its first park in {small} years",
            "Vendors and councillors clash over footpaths in {place}",
        ),
        standfirsts=(
            "The drains were cleaned in {month}. Residents say you would not know it.",
            "Neighbours organised by {org} have cleared {n} tonnes of waste.",
            "City officials say a new plan is ready; residents want to see it "
            "work first.",
        ),
        facts=(
            "The city produces about {n_big} tonnes of waste a day; less than "
            "{pct} of it is collected on time.",
            "Rainfall of {n} millimetres was recorded in {small} hours.",
            "The canal, once {n} feet wide, has narrowed to a ditch in places.",
            "The park covers {small} acres and has a walking track and a playground.",
        ),
        quotes=(
            "We roll up our trousers and wade to the bus stop",
            "The canal was full of plastic. Now we can see the water again",
            "Give us a place to sell and we will leave the footpath",
            "@Drainage is being rebuilt ward by ward and the worst areas come first",
            "My children had never played on grass before this month",
        ),
        local_tag="{place} city life",
    ),
)

NATIONAL_BACKGROUND = (
    "{Issue} has been a source of frustration in {place} for years.",
    "Local officials say the problem has grown worse since {since}.",
    "{Org} first raised concerns about {issue} {ago}.",
    "A plan to {action} was approved {ago} but has yet to be carried out.",
    "{Group} in the area say they were not consulted.",
    "The district is home to about {n_big} people, most of whom depend on "
    "farming, fishing or small trade.",
    "Similar complaints have been heard in neighbouring {town}.",
    "Budgets for the work were cut twice in the past {small} years.",
    "The area has seen {issue} worsen every season, according to residents.",
    "Officials blame delays on land disputes and rising costs.",
    "Critics say the money spent so far has produced little that can be seen.",
    "Volunteers from {org} have been filling gaps left by the authorities.",
    "Local people say they have written to every office they can think of.",
    "The last survey of the area was carried out {ago}.",
    "{Org} says it has done what it can with the money it was given.",
    "Much of the work so far has been paid for by local donations.",
    "Reporters who visited {place} {when} found little had changed.",
    "Ward members say the issue comes up at every meeting.",
    "An inquiry committee formed {ago} has yet to publish its findings.",
    "The upazila nirbahi officer visited the area {when} and promised action.",
    "Conditions are worst in the low-lying neighbourhoods near the river.",
    "The issue was raised in parliament {ago} but got little attention.",
    "For many households in {place}, there is no easy alternative.",
    "Officials in Dhaka say the district will be included in the next phase "
    "of the programme.",
    "The local press club has hosted {small} meetings on the subject this year.",
)
NATIONAL_NUMBERS = (
    "Figures from {org} show a rise of {pct} over the past year.",
    "Around {n_big} people in {small} unions are directly affected.",
    "The work is estimated to cost {money}.",
    "Of the {n} complaints logged {when}, fewer than a third have been answered.",
    "The district spent {money} on the programme last year.",
    "A survey by {expert} found that {pct} of households had been affected.",
    "Only {small} of the {n} planned projects have been completed.",
    "The number of complaints has risen by {pct} since {since}.",
)
NATIONAL_NEXT = (
    "Officials said a team would visit {place} {when_future}.",
    "{Org} is due to meet {when_future} to decide the next steps.",
    "The deputy commissioner's office said it was monitoring the situation.",
    "Residents plan to hold a human chain in front of the press club {when_future}.",
    "Work is expected to resume after the rains, officials said.",
    "{Group} say they will believe it when they see it.",
)
NATIONAL_SUBHEADS = (
    "A long wait",
    "Counting the cost",
    "What officials say",
    "On the ground",
    "What happens next",
    "Years of promises",
    "A small change",
    "Who pays",
    "The numbers",
    "Voices from {place}",
)

# --------------------------------------------------------------------------
# World
# --------------------------------------------------------------------------
WORLD_EXPERTS = (
    "the Institute for Global Affairs",
    "the Harbourview Centre for Trade",
    "the Meridian Climate Institute",
    "Lakeshore University",
    "the Northern Policy Forum",
)
WORLD_TOPICS = (
    Topic(
        key="trade",
        tags=("Trade", "Diplomacy", "Summit"),
        subject=("the trade pact", "the summit", "the tariff agreement", "the talks"),
        issue=(
            "the tariff question",
            "market access",
            "supply-chain disruption",
            "farm trade",
        ),
        group=(
            "exporters",
            "negotiators",
            "delegations from smaller economies",
            "farm lobbies",
        ),
        org=(
            "the Continental Trade Council",
            "the Coastal Economies Group",
            "the Association of Island States",
            "the Southern Commerce Union",
        ),
        action=(
            "cut tariffs on farm goods",
            "sign the pact by year's end",
            "settle the dispute over shipping fees",
            "open markets to poorer members",
        ),
        headlines=(
            "Talks in {city} end without a deal on tariffs",
            "{N} nations sign trade pact after marathon session in {city}",
            "Smaller economies walk out of {city} talks",
            "Summit in {city} agrees to cut shipping fees",
            "Tariff row clouds {city} gathering",
        ),
        standfirsts=(
            "Delegates said gaps remained on farm subsidies and shipping fees.",
            "The agreement still needs approval from national parliaments.",
            "Negotiators worked through the night to save the summit.",
        ),
        facts=(
            "Trade between the members was worth about {usd} last year.",
            "The draft text runs to {n} pages and covers {small} sectors.",
            "Tariffs on processed food would fall by {pct} over five years "
            "under the plan.",
            "Delegations from {n} countries attended the meeting.",
        ),
        quotes=(
            "@We came here to lower walls, not to build new ones",
            "@No deal is better than a deal that leaves our farmers behind",
            "@There is a text on the table that everyone can live with",
            "@Small countries cannot be asked to carry the costs of big ones",
        ),
    ),
    Topic(
        key="storms",
        tags=("Extreme weather", "Disasters", "Climate"),
        subject=("the cyclone", "the storm", "the heatwave", "the floods"),
        issue=("storm damage", "disaster relief", "extreme heat", "rebuilding"),
        group=(
            "residents",
            "rescue workers",
            "aid agencies",
            "coastal communities",
            "farmers",
        ),
        org=(
            "the regional disaster agency",
            "the Red Harbour Relief Network",
            "the national weather service",
            "the coastal guard",
        ),
        action=(
            "restore power to the coast",
            "reach cut-off villages",
            "rebuild the sea wall",
            "move people to shelters",
        ),
        headlines=(
            "Storm batters coast near {city}, forcing {n_big} to flee",
            "Heatwave grips {city} as temperatures hit record",
            "Rescuers reach cut-off villages after floods near {city}",
            "{City} counts the cost a week after the cyclone",
        ),
        standfirsts=(
            "Early warnings saved lives, officials said, but the damage to "
            "homes and crops is heavy.",
            "Aid groups say the next few days will be critical.",
            "Scientists say such events are becoming more frequent.",
        ),
        facts=(
            "Winds of up to {n} kilometres an hour were recorded at the coast.",
            "About {n_big} people spent the night in shelters.",
            "Power was cut to {pct} of homes in the province.",
            "Damage has been estimated at {usd}.",
        ),
        quotes=(
            "The water came in the middle of the night and took everything",
            "@Our teams are working around the clock to reach every village",
            "@We had warnings three days ahead, and that made the difference",
            "%Rebuilding will take years, not weeks",
        ),
    ),
    Topic(
        key="elections",
        tags=("Elections", "Politics", "Democracy"),
        subject=("the election", "the vote", "the run-off", "the count"),
        issue=("turnout", "electoral reform", "the economy", "the cost of living"),
        group=(
            "voters",
            "first-time voters",
            "observers",
            "opposition supporters",
            "young people",
        ),
        org=(
            "the electoral commission",
            "the Independent Observers' Mission",
            "the Civic Ballot Network",
            "the parliamentary speaker's office",
        ),
        action=(
            "publish the final count",
            "hold a run-off",
            "form a coalition",
            "review the voter lists",
        ),
        headlines=(
            "Voters turn out in large numbers in {city}",
            "Coalition talks begin after close vote",
            "Observers praise calm polling day around {city}",
            "Run-off set for next month after no candidate passes half",
        ),
        standfirsts=(
            "Turnout reached {pct}, the highest in two decades.",
            "Neither of the main blocs has a majority.",
            "The count is expected to take several days.",
        ),
        facts=(
            "Turnout stood at {pct}, according to provisional figures.",
            "More than {n_big} polling stations opened on time.",
            "Observers from {n} countries monitored the vote.",
            "Young voters made up nearly {pct} of the electorate.",
        ),
        quotes=(
            "I voted because I want my children to have a choice about where they live",
            "@The process was orderly and the results will be published in full",
            "%Whoever wins, the price of bread is the question",
            "@We will respect the result and we expect the other side to do the same",
        ),
    ),
    Topic(
        key="shipping",
        tags=("Shipping", "Ports", "Supply chains"),
        subject=(
            "the port",
            "the shipping lane",
            "the canal",
            "the container terminal",
        ),
        issue=(
            "the cost of freight",
            "port congestion",
            "the supply chain",
            "the shipping backlog",
        ),
        group=("shipping lines", "importers", "dock workers", "exporters"),
        org=(
            "the Global Shipping Registry",
            "the port authority",
            "the Dockworkers' Federation",
            "the Harbour Logistics Board",
        ),
        action=(
            "clear the backlog",
            "open a second terminal",
            "cut waiting times",
            "settle the strike",
        ),
        headlines=(
            "Ships queue for days outside {city} port",
            "Freight rates climb as {city} terminal shuts",
            "Dock strike in {city} ends after {small} days",
            "New terminal opens in {city}, promising quicker turnarounds",
        ),
        standfirsts=(
            "Importers warn that shortages could follow within weeks.",
            "The backlog has knock-on effects for exporters across Asia.",
            "Officials hope the new berths will halve waiting times.",
        ),
        facts=(
            "About {n} vessels were waiting at anchor on {day}.",
            "The cost of shipping a container has risen by {pct} in a month.",
            "The port handles about {n_big} containers a week.",
            "Waiting times have averaged {small} days since {month}.",
        ),
        quotes=(
            "%Every day a ship waits, someone pays for it",
            "@We are moving as fast as the cranes allow",
            "@The workers' demands are modest and they have been ignored for too long",
            "@Our customers are switching routes, and some will not come back",
        ),
    ),
    Topic(
        key="science",
        tags=("Science", "Research", "Climate"),
        subject=("the study", "the research station", "the satellite", "the survey"),
        issue=("ocean warming", "glacier melt", "biodiversity", "sea-level rise"),
        group=("researchers", "scientists", "fishing communities", "conservationists"),
        org=(
            "the Polar Research Consortium",
            "the Meridian Climate Institute",
            "the Ocean Watch Project",
            "the Highlands Science Academy",
        ),
        action=(
            "share the data openly",
            "expand monitoring",
            "protect the breeding grounds",
            "repeat the survey next year",
        ),
        headlines=(
            "Study finds coastal waters warming faster than expected",
            "Scientists in {city} map a vanishing glacier",
            "Survey counts {n_big} nesting turtles on remote beaches",
            "Satellite data shows mangroves regrowing along the coast",
        ),
        standfirsts=(
            "The findings, published {when}, draw on {small} years of data.",
            "Researchers say the results should worry coastal nations.",
            "It is rare good news for the region's wildlife.",
        ),
        facts=(
            "The team analysed readings from {n} monitoring stations.",
            "Surface temperatures rose by about half a degree over the period.",
            "The mangrove area has grown by {pct} since monitoring began.",
            "The study was reviewed by {small} independent scientists.",
        ),
        quotes=(
            "%The numbers are clear, and they are not comforting",
            "%It is the first time we have seen this trend reverse",
            "%Fishing communities noticed it before the instruments did",
            "%We need longer records before we can draw firm conclusions",
        ),
    ),
)
WORLD_BACKGROUND = (
    "The region has been at the centre of {issue} debates for years.",
    "{Org} was set up {ago} to deal with exactly this kind of problem.",
    "Diplomats in {city} said the mood had shifted in recent months.",
    "{Group} have long complained that their voices go unheard.",
    "Previous efforts to {action} stalled amid disagreement among members.",
    "Analysts say the outcome will be watched closely in South Asia.",
    "The issue has divided governments along familiar lines.",
    "For countries like ours, the stakes are unusually high.",
    "The meeting took place against a backdrop of slowing global growth.",
    "Several delegations arrived with instructions not to compromise.",
    "Officials from South Asian countries pressed for special treatment for "
    "poorer economies.",
    "The issue has been on the agenda of every major meeting since {since}.",
    "Public opinion in the region is sharply divided.",
    "{Group} gathered outside the venue throughout the day.",
    "Observers noted that the tone was more conciliatory than at earlier meetings.",
    "Much will depend on how the larger economies respond.",
    "Few expect a quick resolution.",
    "Bangladesh's delegation was led by a senior foreign ministry official, "
    "who did not speak to reporters.",
)
WORLD_NUMBERS = (
    "According to {org}, the figure has risen by {pct} since {since}.",
    "About {n_big} people are directly affected, officials estimated.",
    "The programme is expected to cost {usd} over {small} years.",
    "A survey by {expert} put the figure at {pct}.",
    "Around {n} organisations have signed a joint statement.",
    "The region's economy grew by {pct} last year.",
)
WORLD_NEXT = (
    "Talks are due to resume in {city} {when_future}.",
    "{Org} will publish a fuller report {when_future}.",
    "Ministers are expected to return to the issue at their next meeting.",
    "Officials said more details would follow in the coming days.",
)
WORLD_SUBHEADS = (
    "What was agreed",
    "Sticking points",
    "Why it matters here",
    "The view from {city}",
    "What comes next",
    "A closer look",
    "Reaction",
)

# --------------------------------------------------------------------------
# Business
# --------------------------------------------------------------------------
COMPANIES = (
    "Karnaphuli Textiles",
    "Meghdoot Telecom",
    "Sundarban Agro Foods",
    "Brahmaputra Cement",
    "Lalon Logistics",
    "Sonargaon Steel Works",
    "Riverbend Bank",
    "Delta Commerce Bank",
    "Nilkamal Pharmaceuticals",
    "Shapla Footwear",
    "Bengal Bay Shipping",
    "Greenfield Jute Mills",
)
BUSINESS_EXPERTS = (
    "the Centre for Monsoon Economics",
    "the Institute for Trade Research",
    "the Bay Policy Lab",
    "Eastern Riverside University's business school",
    "the Market Watch Institute",
)
BUSINESS_TOPICS = (
    Topic(
        key="garments",
        tags=("Garment industry", "Exports", "Jobs"),
        subject=("garment exports", "the factory", "new orders", "the wage board"),
        issue=(
            "the export outlook",
            "the wage question",
            "the order book",
            "workplace safety",
        ),
        group=("garment workers", "factory owners", "buyers", "exporters"),
        org=(
            "the Garment Makers' Association",
            "Karnaphuli Textiles",
            "the Apparel Workers' Federation",
            "the Export Promotion Office",
        ),
        action=(
            "win back lost orders",
            "raise the minimum wage",
            "diversify into synthetic fabrics",
            "upgrade fire safety",
        ),
        headlines=(
            "Garment exports rise {pct} on strong winter orders",
            "Factories in {place} report slowdown in new orders",
            "Wage board to meet as workers demand raise",
            "{Company} to hire {n_big} at new {place} plant",
            "Exporters eye new markets as old buyers cut back",
        ),
        standfirsts=(
            "Industry leaders credit a shift to higher-value products.",
            "Workers say prices have outrun their pay.",
            "The company says the plant will run on rooftop solar.",
        ),
        facts=(
            "Export earnings from apparel reached {usd} in the last quarter.",
            "The industry employs about {n_big} people in the district, most "
            "of them women.",
            "Orders for the coming season are down {pct} on last year.",
            "The minimum monthly wage was last revised {ago}.",
        ),
        quotes=(
            "@Buyers want speed, quality and a lower price, all at once",
            "Rent and rice have gone up. Our wages have not",
            "@We are moving into sportswear and outerwear, where the margins are "
            "better",
            "@Safety is not a cost. It is the reason buyers come back",
        ),
    ),
    Topic(
        key="banking",
        tags=("Banking", "Inflation", "Interest rates"),
        subject=(
            "the policy rate",
            "inflation",
            "the taka",
            "the central bank's decision",
        ),
        issue=("inflation", "interest rates", "the exchange rate", "bad loans"),
        group=("borrowers", "savers", "small businesses", "bankers", "importers"),
        org=(
            "the central bank",
            "Riverbend Bank",
            "Delta Commerce Bank",
            "the Bankers' Forum",
        ),
        action=(
            "bring inflation down",
            "rein in bad loans",
            "steady the taka",
            "ease credit for small firms",
        ),
        headlines=(
            "Central bank raises policy rate to fight inflation",
            "Inflation eases to {pct} but food prices stay high",
            "Taka weakens against the dollar for {small} straight weeks",
            "Bad loans climb at state-run banks",
            "Small firms struggle as lending rates rise",
        ),
        standfirsts=(
            "Economists say the move was expected but may not be enough.",
            "Bankers warn that borrowers are falling behind on repayments.",
            "Food inflation remains the biggest worry for households.",
        ),
        facts=(
            "Inflation stood at {pct} last month, the central bank said.",
            "The policy rate now stands at {pct}.",
            "Non-performing loans account for about {pct} of total lending.",
            "Foreign exchange reserves stood at {usd} at the end of {month}.",
        ),
        quotes=(
            "%Prices will not come down until supply improves",
            "@We have tightened policy and we will do more if needed",
            "%Every rate rise lands on the small borrower first",
            "%Households are spending their savings just to keep up",
        ),
    ),
    Topic(
        key="remittances",
        tags=("Remittances", "Migrant workers", "Economy"),
        subject=(
            "remittances",
            "money sent home",
            "the mobile wallet",
            "the migrant workers' fund",
        ),
        issue=(
            "the flow of remittances",
            "informal money transfer",
            "the cost of recruitment",
            "the cost of sending money home",
        ),
        group=(
            "migrant workers",
            "families of migrants",
            "recruiting agents",
            "mobile banking agents",
        ),
        org=(
            "the Migrant Workers' Welfare Fund",
            "the central bank",
            "the Overseas Workers' Network",
            "Meghdoot Telecom",
        ),
        action=(
            "cut the cost of sending money",
            "bring transfers into formal channels",
            "lower recruitment fees",
            "protect workers abroad",
        ),
        headlines=(
            "Remittances hit {usd} as workers send more before the festival",
            "Mobile wallets win over migrant families in {place}",
            "Recruitment fees still cost workers a year's wages, study finds",
            "Incentive lifts formal remittance flows",
        ),
        standfirsts=(
            "Officials credit the cash incentive and a better exchange rate.",
            "Families say the money pays for school fees and tin roofs.",
            "Researchers at {expert} interviewed {n_big} returnees.",
        ),
        facts=(
            "Workers abroad sent home {usd} last month, up {pct} on a year earlier.",
            "About {n_big} people from the district work overseas.",
            "The average cost of sending money home has fallen to {pct} of "
            "the amount sent.",
        ),
        quotes=(
            "My son's money built this house and paid for his sister's wedding",
            "@If the formal rate is fair, people will use it",
            "%Workers borrow to go abroad and spend two years paying it back",
            "The wallet app means my mother does not have to travel to the bank",
        ),
    ),
    Topic(
        key="markets",
        tags=("Stock market", "Investors", "Companies"),
        subject=("the stock market", "the index", "share prices", "the listing"),
        issue=(
            "market confidence",
            "the share market",
            "corporate governance",
            "investor protection",
        ),
        group=("retail investors", "brokers", "fund managers", "listed companies"),
        org=(
            "the securities regulator",
            "the Brokers' Association",
            "Delta Commerce Bank",
            "Brahmaputra Cement",
        ),
        action=(
            "restore confidence",
            "attract new listings",
            "crack down on manipulation",
            "publish quarterly results",
        ),
        headlines=(
            "Shares fall for {small} days as investors take profit",
            "Index climbs {pct} on banking and cement stocks",
            "{Company} shares jump on debut",
            "Regulator probes unusual trading in {company} shares",
        ),
        standfirsts=(
            "Turnover rose to its highest in {small} months.",
            "Brokers say small investors are returning cautiously.",
            "The company raised {money} in its offering.",
        ),
        facts=(
            "The benchmark index closed at {n_big} points, down {pct}.",
            "Turnover on the main board reached {money}.",
            "Of the {n} issues traded, most closed lower.",
            "{Company} reported a {pct} rise in quarterly profit.",
        ),
        quotes=(
            "%Nobody buys when the news is bad, and nobody sells when it is good",
            "@We want companies with real earnings to list, not paper tigers",
            "%Small investors have long memories of the last crash",
            "@Our order book is full for the next two quarters",
        ),
    ),
    Topic(
        key="prices",
        tags=("Prices", "Commodities", "Cost of living"),
        subject=(
            "the price of rice",
            "onion prices",
            "edible oil",
            "the open-market sale",
        ),
        issue=(
            "food inflation",
            "the cost of living",
            "import policy",
            "market monitoring",
        ),
        group=("shoppers", "wholesalers", "low-income families", "market traders"),
        org=(
            "the Consumers' Rights Forum",
            "the Trade Monitoring Cell",
            "the Wholesale Traders' Association",
            "Sundarban Agro Foods",
        ),
        action=(
            "bring prices down before the festival",
            "cut import duties",
            "expand open-market sales",
            "monitor the wholesale markets",
        ),
        headlines=(
            "Onion prices double in a week at {place} markets",
            "Queues lengthen for subsidised rice in {place}",
            "Edible oil cheaper after duty cut",
            "Traders blame transport costs as vegetable prices climb",
        ),
        standfirsts=(
            "Shoppers are buying less and switching to cheaper staples.",
            "Officials promise more trucks selling at fixed prices.",
            "Wholesalers say prices should settle within weeks.",
        ),
        facts=(
            "A kilogram of coarse rice sold for {money_small} in {place} on {day}.",
            "Prices are up {pct} on a month earlier, according to {org}.",
            "The government plans to sell {n_big} tonnes at fixed prices.",
        ),
        quotes=(
            "I used to buy two kilos. Now I buy one",
            "@We are not hoarding. We pay more at the wholesale market too",
            "@The trucks will be on the streets from Sunday",
            "%When diesel goes up, everything on the truck goes up with it",
        ),
    ),
    Topic(
        key="tech",
        tags=("Technology", "Start-ups", "Telecoms"),
        subject=(
            "the start-up",
            "mobile internet",
            "the app",
            "the digital payments platform",
        ),
        issue=(
            "internet speed",
            "start-up funding",
            "the digital payments boom",
            "the price of mobile data",
        ),
        group=(
            "young entrepreneurs",
            "mobile users",
            "software developers",
            "small shop owners",
        ),
        org=(
            "Meghdoot Telecom",
            "the Founders' Circle",
            "the telecoms regulator",
            "the Digital Commerce Association",
        ),
        action=(
            "bring faster internet to the districts",
            "raise new funding",
            "cut data prices",
            "train more developers",
        ),
        headlines=(
            "{Place} start-up raises {usd} to grow farm delivery app",
            "Mobile data prices to fall, regulator says",
            "Coding bootcamp in {place} places {pct} of graduates in jobs",
            "Shops in {place} go cashless, one QR code at a time",
        ),
        standfirsts=(
            "Investors are betting on services built for the districts.",
            "Users complain of slow speeds outside the big cities.",
            "Founders say talent is not the problem; capital is.",
        ),
        facts=(
            "The app has {n_big} registered users, most outside the capital.",
            "Average mobile download speeds in the district are about {n} "
            "megabits a second.",
            "Digital payments grew by {pct} over the past year.",
        ),
        quotes=(
            "Farmers were the first to see the point, before the city people",
            "%Talent is everywhere. Funding is in two neighbourhoods of Dhaka",
            "If the connection drops, the sale drops with it",
            "@We will cut prices as soon as the new spectrum is in use",
        ),
    ),
)
BUSINESS_BACKGROUND = (
    "{Issue} has weighed on the economy since {since}.",
    "Business leaders have urged the government to {action}.",
    "{Group} say they have had to absorb most of the increase so far.",
    "Analysts at {expert} say the trend is likely to continue.",
    "The sector accounts for a large share of the country's exports.",
    "Similar moves in neighbouring countries had mixed results.",
    "{Org} has lobbied for the change for more than a year.",
    "The figures are the latest sign of strain on household budgets.",
    "Traders said sentiment had improved slightly in recent weeks.",
    "The cost of imported raw materials has risen sharply since {since}.",
    "Many firms have postponed investment plans until the outlook is clearer.",
    "Banks have become more cautious about lending to smaller companies.",
    "Economists have long argued that the economy relies too heavily on a few sectors.",
    "The government has promised a package of support measures.",
    "Energy shortages have added to the pressure on manufacturers.",
    "Demand from the domestic market has held up better than expected.",
    "Exporters say they need faster customs clearance at the ports.",
    "A weaker taka has helped exporters but hurt importers.",
)
BUSINESS_NUMBERS = (
    "Revenue rose to {money} in the last financial year.",
    "The figure compares with {money} a year earlier.",
    "Growth is forecast at {pct} for the year, below earlier estimates.",
    "Costs have risen by {pct} since {month}, according to {org}.",
    "Net profit came to {money}, the company said in a filing.",
    "About {n_big} jobs depend on the sector in {place} alone.",
    "Imports fell by {pct} in the first quarter.",
    "Shares of {company} closed {pct} higher.",
)
BUSINESS_NEXT = (
    "The central bank will announce its next policy {when_future}.",
    "{Org} is expected to publish its annual results {when_future}.",
    "The board will meet {when_future} to approve the plan.",
    "Traders said they would watch the next round of figures closely.",
)
BUSINESS_SUBHEADS = (
    "The numbers",
    "What it means for households",
    "Winners and losers",
    "The view from the market",
    "Looking ahead",
    "Behind the figures",
)

# --------------------------------------------------------------------------
# Sports
# --------------------------------------------------------------------------
TEAMS = (
    "Padma Kingfishers",
    "Jamuna Falcons",
    "Karnaphuli Rovers",
    "Surma Valley Mariners",
    "Rupsha Royals",
    "Teesta Tuskers",
    "Old Town Athletic",
    "Harbour United",
    "Riverside Wanderers",
    "Northern Hawks",
    "Delta Dolphins",
    "Hill Tracts Eagles",
)
SPORTS_TOPICS = (
    Topic(
        key="cricket",
        tags=("Cricket", "Delta Premier League", "National team"),
        subject=("the match", "the chase", "the series", "the final over"),
        issue=("batting form", "the bowling attack", "team selection", "the pitch"),
        group=("the batters", "the bowlers", "the selectors", "fans"),
        org=(
            "the Cricket Control Board",
            "{team}",
            "{team2}",
            "the national selectors",
        ),
        action=(
            "pick a settled side",
            "find a new opening pair",
            "rest the fast bowlers",
            "win the series",
        ),
        headlines=(
            "{Team} beat {team2} by {n_runs} runs",
            "Late charge carries {team} into the final",
            "{Team2} collapse for {n_total} in {place}",
            "Teenager's century rescues {team}",
            "Rain washes out decider in {place}",
            "Spinners give {team} a famous win",
        ),
        standfirsts=(
            "A burst of three wickets in an over turned the match.",
            "The visitors never recovered from a poor start.",
            "The captain called it the best win of his time in charge.",
        ),
        facts=(
            "{Team} posted {n_total} for {small_n} in their {overs} overs.",
            "The opening pair put on {n_runs} before the first wicket fell.",
            "The left-arm spinner finished with {small_n} for {n_runs}.",
            "A crowd of about {n_big} filled the ground in {place}.",
            "The last {small_n} wickets fell for just {n_runs} runs.",
        ),
        quotes=(
            "We talked about batting through the middle overs, and the boys "
            "did exactly that",
            "The pitch did a bit early on, but that is no excuse",
            "I have waited a long time for this. It has not sunk in yet",
            "We dropped three catches. You cannot do that against a good side",
        ),
    ),
    Topic(
        key="football",
        tags=("Football", "Premier Division", "Transfers"),
        subject=("the derby", "the match", "the title race", "the cup tie"),
        issue=("the title race", "relegation", "the transfer window", "refereeing"),
        group=("the supporters", "the players", "the coaching staff", "young players"),
        org=("the Football Federation", "{team}", "{team2}", "the referees' committee"),
        action=(
            "sign a striker",
            "avoid relegation",
            "reach the cup final",
            "give young players a chance",
        ),
        headlines=(
            "{Team} edge {team2} {score} in {place} derby",
            "Late penalty keeps {team} top of the table",
            "{Team2} sack coach after {small_n} straight defeats",
            "Cup holders knocked out by second-tier side",
            "{Team} sign forward on two-year deal",
        ),
        standfirsts=(
            "A goal in stoppage time settled a tense afternoon.",
            "The result leaves the title race wide open.",
            "The home side had most of the ball but few chances.",
        ),
        facts=(
            "The winner came in the {minute} minute from a corner.",
            "{Team} have now gone {small_n} matches without defeat.",
            "The attendance was given as {n_big}.",
            "{Team2} sit {small_n} points from safety with {small_n} games left.",
        ),
        quotes=(
            "We showed character. Nobody gave up",
            "The referee had a difficult day, and so did we",
            "It is one win. We have to do it again on Friday",
            "The fans deserve better than what we gave them today",
        ),
    ),
    Topic(
        key="kabaddi",
        tags=("Kabaddi", "Hockey", "Youth sport"),
        subject=(
            "the tournament",
            "the final",
            "the national championship",
            "the school games",
        ),
        issue=(
            "grassroots sport",
            "funding for smaller sports",
            "training facilities",
            "young talent",
        ),
        group=("young athletes", "coaches", "district teams", "parents"),
        org=(
            "the Kabaddi Federation",
            "the Hockey Association",
            "the School Sports Council",
            "the district sports office",
        ),
        action=(
            "build a proper training ground",
            "fund travel for district teams",
            "hold the league every year",
            "pay coaches on time",
        ),
        headlines=(
            "{Place} win national kabaddi title",
            "Hockey league returns after {small} years",
            "School games unearth sprinters from {village}",
            "Girls' kabaddi team from {place} heads to regional finals",
        ),
        standfirsts=(
            "The side trained on a muddy field behind the bazaar.",
            "Coaches hope the league will stay this time.",
            "Organisers say entries doubled this year.",
        ),
        facts=(
            "Teams from {small} districts took part, {N} in all.",
            "The winning side scored {n_runs} points across the tournament.",
            "Prize money for the final was {money_small}.",
            "The league was last held {ago}.",
        ),
        quotes=(
            "We did not have mats, so we trained on the grass after the rain",
            "Give these children a coach and a pair of shoes and watch them go",
            "My parents came to watch for the first time. That was my trophy",
            "Smaller sports need a calendar they can count on",
        ),
        roles=(
            "the team's coach",
            "the {place} captain",
            "a district sports officer",
            "the tournament organiser",
            "a player from {village}",
        ),
    ),
    Topic(
        key="chess",
        tags=("Chess", "Athletics", "Youth sport"),
        subject=("the tournament", "the championship", "the meet", "the final round"),
        issue=("young talent", "sponsorship", "training abroad", "coaching"),
        group=("young players", "coaches", "parents", "organisers"),
        org=(
            "the Chess Federation",
            "the Athletics Federation",
            "the School Sports Council",
            "Meghdoot Telecom",
        ),
        action=(
            "send players to tournaments abroad",
            "find sponsors",
            "build a training centre",
            "hire foreign coaches",
        ),
        headlines=(
            "Twelve-year-old from {place} wins national chess title",
            "Sprinter breaks {small}-year-old record at national meet",
            "Chess club in {village} produces its third champion",
            "Athletes in {place} train on a road without a track",
        ),
        standfirsts=(
            "She learned the game from her grandfather on a board with two "
            "missing pieces.",
            "Coaches say the record should have fallen years ago.",
            "The club meets in a tea stall after school.",
        ),
        facts=(
            "The title was decided in the {nth} and final round.",
            "The winning time was {small_n} hundredths faster than the old record.",
            "In all, {N} players took part, the most in the event's history.",
        ),
        quotes=(
            "I was nervous in the last game, so I tried to play slowly",
            "Talent like this comes along once in a generation",
            "We need a proper track. The road is dangerous",
            "The sponsors have promised to pay for the trip abroad",
        ),
        roles=(
            "the new champion",
            "the champion's coach",
            "the tournament director",
            "the club's founder",
            "a parent from {place}",
        ),
    ),
)
SPORTS_BACKGROUND = (
    "{Org} has come under pressure to {action}.",
    "The side has struggled for consistency since {since}.",
    "{Group} have waited a long time for a day like this.",
    "It was a reminder of how quickly fortunes can change.",
    "Questions about {issue} have followed the team all season.",
    "Conditions in {place} were hot and humid, with a breeze in the afternoon.",
    "Few expected much from the visitors before the start of the season.",
    "The home side made {small} changes to the team that lost last week.",
    "The visitors had won the previous meeting comfortably.",
    "Much of the talk before the match had been about {issue}.",
    "A section of the crowd stayed long after the end to cheer the players.",
    "The coaching staff had spent the week working on fielding drills.",
    "Injuries have limited the selectors' options this season.",
    "The match was played in front of a lively crowd despite the heat.",
    "{Team2} had chances to get back into the contest but could not take them.",
    "It was the kind of performance the selectors had been waiting for.",
    "{Team} were without two senior players because of injury.",
)
SPORTS_NUMBERS = (
    "It was their {nth} win in {n_runs} meetings between the sides.",
    "The result moves them up to {nth} in the table.",
    "The crowd of {n_big} was the biggest of the season.",
    "It was {team}'s {nth} win of the season.",
    "Tickets for the match sold out in {small} hours.",
)
SPORTS_NEXT = (
    "{Team} play {team2} in {place} {when_future}.",
    "The squad for the next series will be named {when_future}.",
    "The final is scheduled for {when_future_day}.",
    "Both sides now have a week to regroup.",
)
SPORTS_SUBHEADS = (
    "Turning point",
    "Star of the day",
    "What the coach said",
    "Next up",
    "The numbers",
    "Record day",
)

# --------------------------------------------------------------------------
# Opinion
# --------------------------------------------------------------------------
OPINION_TOPICS = (
    Topic(
        key="op-cities",
        tags=("Urban life", "Cities", "Public space"),
        subject=("our cities", "our footpaths", "the city's canals", "public parks"),
        issue=("public space", "urban planning", "waterlogging", "walkable streets"),
        group=("pedestrians", "city planners", "children", "street vendors"),
        org=(
            "the city corporation",
            "the planning authority",
            "the Green Neighbourhoods Forum",
            "the ward council",
        ),
        action=(
            "give the footpaths back to walkers",
            "protect the canals",
            "plant shade trees",
            "plan for the rain",
        ),
        headlines=(
            "What {place} can teach us about {issue}",
            "{Issue} is everybody's business",
            "A letter from {place} on {issue}",
            "Our cities were built for cars. They should be built for people",
            "Give the footpath back to the walker",
            "The canal we filled in is the flood we complain about",
            "What a park in every ward would change",
        ),
        standfirsts=(
            "We keep treating the symptom and ignoring the plan.",
            "A city that cannot be walked is a city that cannot breathe.",
        ),
        facts=(
            "Every canal that disappears under concrete returns as a flooded street.",
            "Most people in our cities walk for at least part of every "
            "journey, yet the footpath is the first thing we give away.",
        ),
        quotes=(
            "Nobody asked us where the water should go",
            "I would walk to work if I could do it without risking my life",
        ),
    ),
    Topic(
        key="op-education",
        tags=("Education", "Schools", "Young people"),
        subject=("our schools", "exam boards", "our classrooms", "coaching centres"),
        issue=(
            "rote learning",
            "teacher pay",
            "the exam culture",
            "reading for pleasure",
        ),
        group=("teachers", "students", "parents", "school heads"),
        org=(
            "the education ministry",
            "the exam board",
            "the teacher training system",
            "the Riverine Schools Trust",
        ),
        action=(
            "pay teachers properly",
            "reform the exams",
            "put libraries in every school",
            "trust teachers more",
        ),
        headlines=(
            "What {place} can teach us about {issue}",
            "{Issue} is everybody's business",
            "A letter from {place} on {issue}",
            "We test our children to exhaustion and call it education",
            "A library in every school would cost less than we think",
            "Teachers are the reform we keep postponing",
            "Let children read for pleasure",
        ),
        standfirsts=(
            "Results have improved. Learning, perhaps, has not.",
            "The best investment we are not making.",
        ),
        facts=(
            "A child who reads for pleasure learns more in every subject, "
            "and we have known this for a long time.",
            "Coaching centres now take a larger share of family budgets than "
            "school fees.",
        ),
        quotes=(
            "They can recite the answer but they cannot tell me what it means",
            "I became a teacher because of one teacher",
        ),
    ),
    Topic(
        key="op-climate",
        tags=("Climate", "Monsoon", "Environment"),
        subject=(
            "coastal districts",
            "climate funds",
            "our rivers",
            "adaptation plans",
        ),
        issue=(
            "climate adaptation",
            "loss and damage",
            "river pollution",
            "rising seas",
        ),
        group=(
            "coastal families",
            "farmers",
            "young climate activists",
            "local governments",
        ),
        org=(
            "the donor community",
            "the environment ministry",
            "the Coastal Resilience Forum",
            "each district administration",
        ),
        action=(
            "pay for adaptation",
            "let communities lead",
            "clean up the rivers",
            "plan for salt water",
        ),
        headlines=(
            "What {place} can teach us about {issue}",
            "{Issue} is everybody's business",
            "A letter from {place} on {issue}",
            "The coast cannot wait for another conference",
            "Adaptation money should go where the water is",
            "Our rivers are telling us something",
            "Climate justice begins at the union parishad",
        ),
        standfirsts=(
            "Promises made abroad mean little on an eroding riverbank.",
            "Local people know what works. They should hold the purse.",
        ),
        facts=(
            "Salt water now reaches fields that grew rice a generation ago.",
            "The families who lose most to floods are those who contributed "
            "least to the warming.",
        ),
        quotes=(
            "We do not need a workshop. We need an embankment",
            "My grandmother's pond is salty now",
        ),
    ),
    Topic(
        key="op-economy",
        tags=("Economy", "Jobs", "Cost of living"),
        subject=("household budgets", "small firms", "public finances", "job schemes"),
        issue=(
            "youth unemployment",
            "inflation",
            "tax fairness",
            "the informal economy",
        ),
        group=(
            "young graduates",
            "small traders",
            "salaried workers",
            "women entrepreneurs",
        ),
        org=(
            "the finance ministry",
            "the central bank",
            "the business lobby",
            "the planning commission",
        ),
        action=(
            "create jobs for graduates",
            "make the tax system fairer",
            "tame food prices",
            "help small firms borrow",
        ),
        headlines=(
            "What {place} can teach us about {issue}",
            "{Issue} is everybody's business",
            "A letter from {place} on {issue}",
            "A degree should lead somewhere",
            "Inflation is a tax on the poor that nobody voted for",
            "Small businesses need credit, not slogans",
            "The budget we need is not the budget we will get",
        ),
        standfirsts=(
            "Growth figures mean little to a graduate without a job.",
            "The burden of rising prices is not shared equally.",
        ),
        facts=(
            "Every year hundreds of thousands of graduates enter a job market "
            "that has room for a fraction of them.",
            "Families on fixed incomes have quietly cut meat, then fish, then "
            "eggs from their shopping lists.",
        ),
        quotes=(
            "I applied for forty jobs and heard back from two",
            "The bank asked for collateral. If I had collateral I would not "
            "need the loan",
        ),
    ),
    Topic(
        key="op-health",
        tags=("Health", "Public health", "Hospitals"),
        subject=(
            "our hospitals",
            "primary care services",
            "health budgets",
            "community clinics",
        ),
        issue=("out-of-pocket costs", "primary care", "mental health", "road safety"),
        group=("patients", "nurses", "rural doctors", "families"),
        org=(
            "the health ministry",
            "the district hospital system",
            "the private hospital sector",
            "the insurance industry",
        ),
        action=(
            "fund primary care",
            "train more nurses",
            "take mental health seriously",
            "cap what patients pay",
        ),
        headlines=(
            "What {place} can teach us about {issue}",
            "{Issue} is everybody's business",
            "A letter from {place} on {issue}",
            "Illness should not mean ruin",
            "The community clinic is our best idea. Let us fund it",
            "We need more nurses, not more buildings",
            "Mental health is health",
        ),
        standfirsts=(
            "Too many families still sell land to pay a hospital bill.",
            "Prevention is cheaper, and we keep choosing the expensive option.",
        ),
        facts=(
            "Families still pay for most of their medical care out of their "
            "own pockets.",
            "A single hospital stay can undo years of a family's savings.",
        ),
        quotes=(
            "We sold the cow to pay for the operation",
            "The nurse saw me before the doctor did, and she knew what to do",
        ),
    ),
)
OPINION_ARGUMENT = (
    "It is time we stopped pretending that {issue} will fix itself.",
    "We have been here before, and we know how this ends if nothing changes.",
    "The question is not whether we can afford to {action}, but whether we "
    "can afford not to.",
    "Nobody disputes that {subject} need attention; the argument is about who "
    "pays and when.",
    "Too often, {group} are the last to be asked and the first to be blamed.",
    "There is a better way, and parts of the country are already showing it.",
    "This is not a problem that a single ministry can solve on its own.",
    "Good intentions are not a policy.",
    "Every year we hold the same meetings and write the same reports.",
    "The evidence, by now, is hard to ignore.",
    "What is missing is not knowledge but will.",
    "We should be honest about what has failed, and generous about what has worked.",
    "If {org} wants to be taken seriously, it must start by listening to {group}.",
    "Small changes, made steadily, add up to large ones.",
    "None of this is new, and that is precisely the point.",
    "Consider what happens in {place} every monsoon.",
    "The cost of doing nothing is paid quietly, by people who cannot complain loudly.",
    "A country that has achieved so much in so little time can surely manage this.",
    "We owe the next generation better than another decade of delay.",
    "It would be easy to blame {org}, but the truth is that we all share "
    "responsibility.",
    "Three things could change the picture quickly.",
    "First, we must measure what matters, not what is easy to count.",
    "Second, money must follow results rather than announcements.",
    "Third, {group} must have a real voice in the decisions that shape their lives.",
    "I have spoken to many people about {issue} over the past year.",
    "Their answers were remarkably similar.",
    "Anyone who has spent a day in {place} knows this.",
    "Our neighbours have tried different approaches, with some success.",
    "Public money is not unlimited, which is why it must be spent wisely.",
    "The people closest to the problem usually understand it best.",
    "We do not lack plans; we lack follow-through.",
    "The numbers tell only part of the story.",
    "A generation ago, this would have seemed impossible.",
    "The solutions are not glamorous, and that may be why they are neglected.",
    "It is tempting to look for a single villain. There is not one.",
    "We should measure success by what changes in people's lives.",
    "Reform is hard, but the status quo is harder still for those who live with it.",
    "Budget speeches come and go; the problem remains.",
)
OPINION_NEXT = (
    "The choice is ours, and it is not a difficult one.",
    "Let us start now, while we still can.",
    "If we get this right, the rest will follow.",
    "History will judge us not by what we promised but by what we did.",
    "We can begin tomorrow. We should.",
)
OPINION_SUBHEADS = (
    "Where we went wrong",
    "A better way",
    "What must change",
    "The real cost",
    "Listening first",
    "A modest proposal",
)

# Lines that fit any news story, whatever the section.
NEWS_BACKGROUND = (
    "The full details were not immediately available.",
    "It was not immediately clear how many people would be affected.",
    "Officials did not respond to requests for comment by the time of going to press.",
    "The announcement was broadly welcomed, though some questioned the timing.",
    "Critics said the measures did not go far enough.",
    "Supporters said the change was long overdue.",
)

# Quotations any story in the section may use. "@" marks an official's voice,
# "%" an outside expert's; unmarked ones are ordinary people's.
SECTION_QUOTES = {
    "national": (
        "Nobody comes here until there is a disaster",
        "We are not asking for much. We are asking for what was promised",
        "I have lived here all my life and I have never seen it this bad",
        "The young people have left for Dhaka. Those of us who stayed have to manage",
        "@We are aware of the problem and a plan is being prepared",
        "@The funds have been released and work will begin shortly",
        "@Our teams are on the ground and we are monitoring the situation",
        "%The money exists. The problem is how slowly it moves",
        "%Local people should have a say in how this is spent",
    ),
    "world": (
        "We have heard promises before",
        "Life has become much harder in the past year",
        "I hope our leaders are listening",
        "@We remain committed to finding a solution",
        "@The door to dialogue remains open",
        "@This is a step in the right direction, but only a step",
        "%The region has rarely been this divided",
        "%What happens here will be felt in Dhaka within months",
    ),
    "business": (
        "Business has been slow since the start of the year",
        "We cut our staff by a third to survive",
        "My customers are counting every taka",
        "@The fundamentals of the economy remain strong",
        "@We expect conditions to improve in the second half of the year",
        "@Investors need predictability above all",
        "%The headline number hides a lot of pain in smaller firms",
        "%Policy needs to be steady for at least two years to work",
    ),
    "sports": (
        "Credit to the opposition, they played better on the day",
        "We will take the positives and move on",
        "The dressing room is a happy place right now",
        "I just tried to back my game",
        "The young players showed what they can do",
    ),
    "opinion": (
        "Nobody ever asks people like us",
        "We are tired of waiting",
    ),
}

FOLLOWUPS = {
    "person": (
        "{Pronoun} said the matter had been raised with {org} several times.",
        "{Pronoun} added that {group} had been patient for long enough.",
        "{Pronoun} said more needed to be done, and quickly.",
        "{Pronoun} said {possessive} family had no plans to leave.",
    ),
    "official": (
        "{Pronoun} did not say when the work would be finished.",
        "Asked about the delay, {pronoun} said it was not the whole story.",
        "{Pronoun} said {possessive} office would publish an update soon.",
        "{Pronoun} said the concerns of {group} had been heard.",
    ),
    "expert": (
        "{Pronoun} said more data was needed before drawing conclusions.",
        "{Pronoun} said the trend was likely to continue for some time.",
        "{Possessive} research has focused on {issue} for more than a decade.",
    ),
    "sports": (
        "{Pronoun} said the side would study the footage before the next match.",
        "{Pronoun} thanked the crowd for its support.",
        "{Pronoun} said there was no time to celebrate.",
        "{Pronoun} singled out the younger players for praise.",
    ),
}

# Roles: (female form, male form, how the role meets its organisation).
OFFICIAL_ROLES = (
    ("a spokeswoman", "a spokesman", "for"),
    ("the chairwoman", "the chairman", "of"),
    ("a senior official", "a senior official", "at"),
    ("the director", "the director", "of"),
    ("the deputy director", "the deputy director", "of"),
    ("the general secretary", "the general secretary", "of"),
    ("a board member", "a board member", "of"),
    ("the head of operations", "the head of operations", "at"),
)
EXPERT_ROLES = (
    ("an economist", "an economist", "at"),
    ("a researcher", "a researcher", "at"),
    ("a professor", "a professor", "at"),
    ("a senior fellow", "a senior fellow", "at"),
)
PEOPLE_ROLES = {
    "national": (
        "a {age}-year-old resident of {village}",
        "a farmer in {village}",
        "a schoolteacher in {place}",
        "a shopkeeper in {place}",
        "a rickshaw puller in {place}",
        "a parent of three from {village}",
    ),
    "world": (
        "a resident of {city}",
        "a shop owner in {city}",
        "a student in {city}",
        "a taxi driver in {city}",
    ),
    "business": (
        "a trader at the wholesale market",
        "a factory worker in {place}",
        "a small business owner in {place}",
        "a shopper in {place}",
    ),
    "sports": (
        "the {team} captain",
        "the {team} coach",
        "the {team2} captain",
        "the {team2} coach",
        "the player of the match",
        "a veteran of the national side",
    ),
    "opinion": (
        "a teacher in {place}",
        "a nurse in {place}",
        "a student in {place}",
        "a farmer in {village}",
    ),
}

TOPICS = {
    "national": NATIONAL_TOPICS,
    "world": WORLD_TOPICS,
    "business": BUSINESS_TOPICS,
    "sports": SPORTS_TOPICS,
    "opinion": OPINION_TOPICS,
}
BACKGROUND = {
    "national": NATIONAL_BACKGROUND,
    "world": WORLD_BACKGROUND,
    "business": BUSINESS_BACKGROUND,
    "sports": SPORTS_BACKGROUND,
    "opinion": OPINION_ARGUMENT,
}
NUMBERS = {
    "national": NATIONAL_NUMBERS,
    "world": WORLD_NUMBERS,
    "business": BUSINESS_NUMBERS,
    "sports": SPORTS_NUMBERS,
    "opinion": OPINION_ARGUMENT,
}
NEXT = {
    "national": NATIONAL_NEXT,
    "world": WORLD_NEXT,
    "business": BUSINESS_NEXT,
    "sports": SPORTS_NEXT,
    "opinion": OPINION_NEXT,
}
SUBHEADS = {
    "national": NATIONAL_SUBHEADS,
    "world": WORLD_SUBHEADS,
    "business": BUSINESS_SUBHEADS,
    "sports": SPORTS_SUBHEADS,
    "opinion": OPINION_SUBHEADS,
}
EXPERTS = {
    "national": NATIONAL_EXPERTS,
    "world": WORLD_EXPERTS,
    "business": BUSINESS_EXPERTS,
    "sports": NATIONAL_EXPERTS,
    "opinion": NATIONAL_EXPERTS,
}

AUTHOR_ROLES = {
    "national": (
        "Staff Reporter",
        "Senior Correspondent",
        "District Correspondent",
        "Chief Reporter",
    ),
    "world": ("Foreign Desk", "Diplomatic Correspondent", "World Editor"),
    "business": ("Business Reporter", "Business Editor", "Economics Correspondent"),
    "sports": ("Sports Reporter", "Sports Editor", "Cricket Correspondent"),
    "opinion": ("Columnist", "Contributing Writer", "Associate Editor"),
}
BIO_TEMPLATES = (
    "{first} covers {beat} for {paper}. Before joining the paper {pronoun} "
    "reported from {town} for {small} years.",
    "{first} has written about {beat} since {year}. {Pronoun} grew up in "
    "{town} and studied journalism at {school}.",
    "{first} joined {paper} in {year} and now writes about {beat}. "
    "Story ideas are welcome at the newsroom's address.",
)
BEATS = {
    "national": "rivers, roads and local government",
    "world": "diplomacy, trade and the wider world",
    "business": "markets, jobs and the economy",
    "sports": "cricket, football and grassroots sport",
    "opinion": "cities, schools and public life",
}
SCHOOLS = (
    "Eastern Riverside University",
    "Northfield University",
    "the Lalbagh Institute of Public Affairs",
)

PAPER = "The Daily Masthead"
