/* The built-in vocabulary of winnow gen (see gen_words.h). Most frequent first. */
#include "filters/gen_words.h"

#include <stddef.h>

/* "the" is listed thrice: in news it is several times more frequent than
 * every other determiner together. */
static const char *const det[] = {
	"the", "the", "the", "its", "their", "this", "that", "another", "each", "every",
	"one", "no", "his", "her", NULL,
};

static const char *const detp[] = {
	"the", "the", "the", "their", "its", "these", "those", "some", "many", "several",
	"other", "most", "no", NULL,
};

static const char *const adj[] = {
	"new", "former", "local", "national", "public", "major", "senior", "recent", "final",
	"key", "large", "small", "international", "regional", "independent", "official",
	"private", "federal", "economic", "political", "social", "global", "annual",
	"financial", "possible", "current", "previous", "latest", "significant", "strong",
	"high", "low", "full", "open", "similar", "serious", "special", "central", "foreign",
	"domestic", "main", "further", "initial", "complex", "clear", "difficult",
	"important", "controversial", "popular", "rural", "urban", "ambitious", "modest",
	"sharp", "sudden", "gradual", "temporary", "permanent", "joint", "separate",
	"unusual", "familiar", "historic", "fresh", "detailed", "broad", "narrow", "urgent",
	"routine", "limited", "growing", "rising", "falling", "traditional", "modern",
	"formal", "weak", "early", "long", "short", "quiet", "bold", "costly", "cautious",
	"informal", "unexpected", "lengthy", "provisional", "revised", "disputed", NULL,
};

static const char *const noun[] = {
	"plan", "report", "year", "week", "government", "decision", "statement", "meeting",
	"proposal", "agreement", "deal", "process", "system", "program", "project", "service",
	"office", "department", "committee", "board", "council", "rule", "law", "policy",
	"change", "area", "level", "number", "part", "side", "rate", "price", "cost", "fund",
	"budget", "record", "result", "effect", "impact", "problem", "risk", "concern",
	"support", "pressure", "response", "effort", "move", "step", "measure", "review",
	"study", "survey", "analysis", "source", "spokesman", "spokeswoman", "official",
	"director", "chairman", "leader", "expert", "analyst", "resident", "network",
	"platform", "sector", "industry", "market", "district", "province", "village",
	"building", "road", "bridge", "station", "airport", "port", "site", "plant",
	"facility", "agency", "authority", "institution", "union", "association", "team",
	"panel", "commission", "inquiry", "investigation", "campaign", "initiative",
	"strategy", "framework", "package", "target", "deadline", "schedule", "period",
	"quarter", "decade", "history", "future", "moment", "situation", "crisis",
	"challenge", "opportunity", "option", "alternative", "solution", "approach",
	"method", "model", "version", "draft", "document", "letter", "message",
	"announcement", "interview", "conference", "event", "ceremony", "visit", "trip",
	"route", "month", "day", "question", "case", "member", "family", "country", "city",
	"region", "company", "group", "state", "issue", "point", "warning", "estimate",
	"figure", "claim", "request", "vote", "timetable", "partner", "partnership",
	"contract", "license", "permit", "loan", "grant", "dispute", "complaint", NULL,
};

static const char *const plur[] = {
	"officials", "residents", "people", "members", "leaders", "experts", "analysts",
	"critics", "supporters", "workers", "families", "children", "citizens",
	"authorities", "companies", "groups", "countries", "cities", "communities", "voters",
	"customers", "users", "investors", "observers", "participants", "organizers",
	"representatives", "volunteers", "students", "visitors", "plans", "measures", "rules",
	"changes", "talks", "efforts", "results", "figures", "numbers", "costs", "prices",
	"funds", "concerns", "questions", "details", "reports", "documents", "proposals",
	"issues", "conditions", "services", "programs", "facilities", "resources",
	"benefits", "risks", "steps", "sources", "neighbours", "owners", "partners",
	"delegates", "staff", "donors", "lawmakers", "regulators", "managers", NULL,
};

static const char *const verb[] = {
	"approved", "rejected", "announced", "criticized", "welcomed", "supported",
	"opposed", "delayed", "reviewed", "discussed", "launched", "proposed", "introduced",
	"confirmed", "denied", "defended", "questioned", "expanded", "reduced", "increased",
	"raised", "cut", "extended", "suspended", "postponed", "completed", "signed",
	"backed", "blocked", "challenged", "accepted", "praised", "described", "examined",
	"revealed", "unveiled", "outlined", "ordered", "called for", "pushed for", "sought",
	"received", "lost", "won", "faced", "made", "took", "gave", "held", "left", "joined",
	"led", "reached", "set", "began", "ended", "changed", "improved", "tested", "built",
	"closed", "opened", "funded", "planned", "prepared", "shared", "published",
	"released", "predicted", "doubled", "scrapped", "revised", "endorsed", "resisted", NULL,
};

static const char *const hverb[] = {
	"approves", "rejects", "announces", "warns of", "backs", "delays", "unveils",
	"faces", "plans", "seeks", "wins", "loses", "calls for", "cuts", "raises", "defends",
	"probes", "weighs", "eyes", "targets", "opens", "ends", "expands", "suspends",
	"welcomes", "confirms", "denies", "launches", "questions", "doubles", NULL,
};

static const char *const prep[] = {
	"in", "on", "for", "with", "after", "at", "from", "over", "against", "during",
	"under", "before", "into", "across", "near", "without", "about", "since", "through",
	"amid", "despite", "following", "within", "beyond", "behind", NULL,
};

static const char *const adv[] = {
	"also", "still", "already", "now", "later", "recently", "reportedly", "quickly",
	"publicly", "quietly", "sharply", "largely", "widely", "finally", "initially",
	"previously", "eventually", "again", "nearly", "only", "just", "even", "clearly",
	"formally", "officially", "slowly", "repeatedly", "briefly", NULL,
};

static const char *const conj[] = {
	"and", "but", "while", "although", "because", "as", "after", "since", "before",
	"when", "though", NULL,
};

static const char *const timep[] = {
	"on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week",
	"on Saturday", "on Sunday", "earlier this week", "last month", "this year",
	"earlier this month", "last year", "next week", "next month", "on Monday evening",
	"late on Friday", "this morning", "overnight", "in recent weeks",
	"in the coming days", "two weeks ago", "over the weekend", "in the spring",
	"by the end of the year", "within hours", NULL,
};

static const char *const say[] = {
	"said", "told reporters", "added", "noted", "warned", "stressed", "explained",
	"argued", "insisted", "confirmed", "wrote", "recalled", "suggested", "acknowledged",
	"told journalists", NULL,
};

static const char *const pron[] = {
	"we", "they", "I", "people", "everyone", "nobody", NULL,
};

static const char *const role[] = {
	"spokesman for", "spokeswoman for", "director of", "head of", "chairman of",
	"chief executive of", "economist at", "lawyer for", "adviser to", "analyst at",
	"researcher at", "deputy head of", "press officer at", "founder of", NULL,
};

static const char *const t_arts[] = {
	"film", "album", "exhibition", "festival", "novel", "museum", "gallery", "concert",
	"theatre", "director", "actor", "actress", "painter", "orchestra", "premiere",
	"audience", "sculpture", "drama", "documentary", "broadcaster", "critics",
	"soundtrack", "screenplay", "poet", "musical", "ballet", "studio", "box office",
	"playwright", "novelist", "award", "royalties", "streaming service", NULL,
};
static const char *const t_crime[] = {
	"police", "court", "judge", "trial", "verdict", "prosecutor", "suspect", "arrest",
	"sentence", "jury", "fraud", "murder", "robbery", "investigation", "detectives",
	"lawyer", "appeal", "bail", "conviction", "charges", "witness", "prison", "warrant",
	"defendant", "evidence", "theft", "indictment", "smuggling", "hearing", "custody", NULL,
};
static const char *const t_disaster[] = {
	"earthquake", "flood", "fire", "wildfire", "rescue", "victims", "crash", "collapse",
	"evacuation", "survivors", "emergency", "explosion", "aftershock", "derailment",
	"landslide", "tsunami", "casualties", "debris", "shelter", "firefighters",
	"rescuers", "damage", "death toll", "relief", "sirens", "wreckage", "ambulance",
	"blaze", "storm surge", "evacuees", NULL,
};
static const char *const t_economy[] = {
	"market", "shares", "profit", "revenue", "inflation", "bank", "investors", "growth",
	"prices", "tariff", "budget", "exports", "merger", "earnings", "unemployment",
	"interest rates", "currency", "stocks", "bond", "deficit", "dividend", "economists",
	"trade", "consumers", "debt", "startup", "acquisition", "supply chain", "retail",
	"quarterly results", NULL,
};
static const char *const t_education[] = {
	"school", "students", "teachers", "university", "curriculum", "exam", "classroom",
	"tuition", "pupils", "graduates", "campus", "lecturer", "scholarship", "enrolment",
	"degree", "headteacher", "kindergarten", "literacy", "textbooks", "semester",
	"admissions", "faculty", "diploma", "homework", "college", "research grant",
	"syllabus", "apprenticeship", "school board", "exam results", NULL,
};
static const char *const t_environment[] = {
	"climate", "emissions", "pollution", "forest", "wildlife", "carbon", "biodiversity",
	"recycling", "conservation", "habitat", "drought", "glacier", "species",
	"deforestation", "renewable energy", "coastline", "wetlands", "pesticide", "plastic",
	"nature reserve", "ecosystem", "solar panels", "wind farm", "river basin",
	"fisheries", "air quality", "coral reef", "logging", "greenhouse gases",
	"national park", NULL,
};
static const char *const t_health[] = {
	"hospital", "patients", "vaccine", "doctors", "nurses", "virus", "treatment",
	"disease", "outbreak", "clinic", "infection", "surgery", "diagnosis", "cancer",
	"medicine", "pandemic", "symptoms", "health service", "clinical trial", "therapy",
	"diabetes", "obesity", "mental health", "prescription", "epidemic", "antibiotics",
	"ward", "paramedics", "screening", "care home", NULL,
};
static const char *const t_human[] = {
	"family", "dog", "neighbours", "birthday", "wedding", "volunteer", "community",
	"charity", "reunion", "hero", "centenarian", "letter", "cat", "garden", "kindness",
	"village", "stranger", "childhood", "grandmother", "twins", "rescue dog",
	"photograph", "journey", "anniversary", "bakery", "fundraiser", "lottery", "gift",
	"memories", "tradition", NULL,
};
static const char *const t_labour[] = {
	"workers", "union", "strike", "wages", "employers", "pay deal", "contract", "picket",
	"overtime", "pension", "workforce", "layoffs", "minimum wage", "negotiations",
	"staff", "shifts", "walkout", "bargaining", "factory", "redundancies", "employees",
	"collective agreement", "grievance", "apprentices", "wage freeze", "hiring",
	"job cuts", "dockworkers", "labour court", "pay rise", NULL,
};
static const char *const t_lifestyle[] = {
	"travel", "restaurant", "fashion", "recipe", "holiday", "hotel", "wine", "fitness",
	"design", "cuisine", "chef", "tourism", "beach", "boutique", "menu", "resort",
	"trend", "collection", "diet", "yoga", "hiking", "interior", "cocktail", "cafe",
	"spa", "camping", "shopping", "brunch", "wardrobe", "weekend break", NULL,
};
static const char *const t_politics[] = {
	"election", "parliament", "minister", "vote", "government", "party", "opposition",
	"coalition", "president", "senator", "campaign", "legislation", "bill", "referendum",
	"cabinet", "lawmakers", "policy", "reform", "ballot", "candidate", "prime minister",
	"mayor", "constituency", "diplomats", "summit", "sanctions", "treaty", "ambassador",
	"governor", "manifesto", NULL,
};
static const char *const t_religion[] = {
	"church", "mosque", "temple", "pope", "bishop", "faith", "worship", "pilgrims",
	"clergy", "prayer", "synagogue", "congregation", "cathedral", "imam", "rabbi",
	"sermon", "religious festival", "monastery", "saint", "diocese", "parish",
	"believers", "scripture", "ritual", "priest", "archbishop", "nuns", "shrine",
	"holy site", "interfaith dialogue", NULL,
};
static const char *const t_science[] = {
	"researchers", "study", "scientists", "laboratory", "satellite", "telescope", "data",
	"experiment", "genome", "physics", "algorithm", "spacecraft", "robot", "software",
	"chip", "discovery", "journal", "planet", "neurons", "molecule", "mission",
	"quantum computer", "battery", "artificial intelligence", "probe", "particles",
	"fossil", "orbit", "engineers", "prototype", NULL,
};
static const char *const t_society[] = {
	"residents", "housing", "poverty", "migrants", "refugees", "welfare", "inequality",
	"protest", "rights", "activists", "census", "neighbourhood", "pensioners", "youth",
	"homelessness", "discrimination", "volunteers", "charities", "social services",
	"families", "immigration", "gender", "population", "rent", "community groups",
	"petition", "minorities", "benefits", "demonstrators", "town hall", NULL,
};
static const char *const t_sport[] = {
	"match", "team", "season", "coach", "players", "goal", "championship", "league",
	"tournament", "victory", "defeat", "striker", "final", "stadium", "fans", "title",
	"medal", "race", "club", "injury", "referee", "goalkeeper", "midfielder", "trophy",
	"semi-final", "squad", "transfer", "record", "sprint", "qualifier", NULL,
};
static const char *const t_conflict[] = {
	"troops", "ceasefire", "army", "rebels", "militants", "attack", "talks", "peace",
	"soldiers", "offensive", "airstrike", "border", "military", "negotiations",
	"invasion", "fighters", "insurgents", "war", "shelling", "truce", "convoy",
	"hostages", "security forces", "checkpoint", "weapons", "peace deal", "frontline",
	"militia", "bombing", "occupation", NULL,
};
static const char *const t_weather[] = {
	"rain", "snow", "temperatures", "storm", "heatwave", "forecast", "winds", "frost",
	"fog", "showers", "hurricane", "thunderstorms", "flooding", "meteorologists",
	"cold snap", "humidity", "sunshine", "weather warning", "gusts", "blizzard",
	"drizzle", "hail", "cyclone", "monsoon", "ice", "weather service", "low pressure",
	"high pressure", "rainfall", "wind chill", NULL,
};

const char *const *const gen_word_lists[GEN_NCATS] = {
	[GEN_C_DET] = det,
	[GEN_C_DETP] = detp,
	[GEN_C_ADJ] = adj,
	[GEN_C_NOUN] = noun,
	[GEN_C_PLUR] = plur,
	[GEN_C_VERB] = verb,
	[GEN_C_HVERB] = hverb,
	[GEN_C_PREP] = prep,
	[GEN_C_ADV] = adv,
	[GEN_C_CONJ] = conj,
	[GEN_C_TIME] = timep,
	[GEN_C_SAY] = say,
	[GEN_C_PRON] = pron,
	[GEN_C_ROLE] = role,
	[GEN_C_TOPIC + 0] = t_arts,
	[GEN_C_TOPIC + 1] = t_crime,
	[GEN_C_TOPIC + 2] = t_disaster,
	[GEN_C_TOPIC + 3] = t_economy,
	[GEN_C_TOPIC + 4] = t_education,
	[GEN_C_TOPIC + 5] = t_environment,
	[GEN_C_TOPIC + 6] = t_health,
	[GEN_C_TOPIC + 7] = t_human,
	[GEN_C_TOPIC + 8] = t_labour,
	[GEN_C_TOPIC + 9] = t_lifestyle,
	[GEN_C_TOPIC + 10] = t_politics,
	[GEN_C_TOPIC + 11] = t_religion,
	[GEN_C_TOPIC + 12] = t_science,
	[GEN_C_TOPIC + 13] = t_society,
	[GEN_C_TOPIC + 14] = t_sport,
	[GEN_C_TOPIC + 15] = t_conflict,
	[GEN_C_TOPIC + 16] = t_weather,
};

const char *const gen_topic_names[GEN_NTOPICS] = {
	"arts", "crime", "disaster", "economy", "education", "environment", "health",
	"human-interest", "labour", "lifestyle", "politics", "religion", "science",
	"society", "sport", "conflict", "weather",
};

/* Roughly how often news sites file under each topic: politics, economy,
 * sport and crime dominate; labour, religion and weather are rare. */
const unsigned char gen_topic_weights[GEN_NTOPICS] = {
	7, 10, 5, 12, 4, 5, 7, 4, 3, 4, 14, 2, 6, 5, 10, 6, 3,
};

const char *const gen_first_names[] = {
	"Maria", "James", "Anna", "John", "Elena", "David", "Sofia", "Michael", "Laura",
	"Peter", "Fatima", "Ahmed", "Chen", "Wei", "Yuki", "Hiroshi", "Olga", "Ivan", "Priya",
	"Rahul", "Aisha", "Omar", "Lucia", "Carlos", "José", "François", "Zoë", "Søren",
	"Łukasz", "Ingrid", "Lars", "Amara", "Kwame", "Nia", "Thomas", "Sarah", "Daniel",
	"Emma", "Lukas", "Hannah", "Marco", "Giulia", "Pedro", "Ana", "Mehmet", "Ayşe",
	"Dmitri", "Natalia", "Kenji", "Mei", "Samuel", "Grace", "Patrick", "Siobhan", "Ewan",
	"Isla", "Mateo", "Valentina", "Andrés", "Camila", "Tomás", "Noor", "Yusuf", "Leila",
	"Rosa", "Pablo", "Helena", "Nikolai", "Katarzyna", "Jan", "Eva", "Henrik", "Astrid",
	"Mohammed", "Sara", "Alexander", "Victoria", "Robert", "Linda", "George", "Margaret",
	"Joseph", "Nancy", "Kevin", "Rachel", "Brian", "Julia", "Stefan", "Petra", "Ali",
	"Zainab", "Tariq", "Chloé", "Bjørn", "Raúl", "Inés", "Gabriel", "Miriam", "Oscar",
	"Nadia", NULL,
};

const char *const gen_last_names[] = {
	"Smith", "Lopez", "Müller", "Kowalski", "Nakamura", "Okafor", "Petrov", "Haddad",
	"García", "Rossi", "Jensen", "Novak", "Dubois", "Schmidt", "O'Brien", "Fernández",
	"Silva", "Costa", "Kim", "Park", "Singh", "Patel", "Khan", "Ivanova", "Andersen",
	"Berg", "Lindqvist", "Moreau", "Lefèvre", "Bianchi", "Romano", "Yilmaz", "Demir",
	"Tanaka", "Suzuki", "Wang", "Zhang", "Liu", "Nguyen", "Tran", "Mensah", "Adeyemi",
	"Mwangi", "Abebe", "Cohen", "Levi", "Murphy", "Kelly", "Walsh", "Hughes", "Evans",
	"Thompson", "Clarke", "Wright", "Baker", "Carter", "Mitchell", "Turner", "Reyes",
	"Morales", "Ortiz", "Castillo", "Vargas", "Herrera", "Sousa", "Almeida", "Pereira",
	"Varga", "Horváth", "Nagy", "Popescu", "Ionescu", "Dimitrov", "Georgiou",
	"Papadopoulos", "Kaya", "Şahin", "Hansen", "Larsen", "Nieminen", "Virtanen",
	"Kovačević", "Jovanović", "Horvat", "Schneider", "Fischer", "Weber", "Wagner",
	"Becker", "Hoffmann", "Richter", "Klein", "Wolf", "Zimmermann", "Brennan",
	"Fitzgerald", "Sullivan", "Duarte", "Navarro", "Ramírez", "Santos", "Oliveira",
	"Rahman", "Hussain", "Malik", "Qureshi", "Farouk", "Mansour", "Nasser", NULL,
};

const char *const gen_org_heads[] = {
	"Meridian", "Northwind", "Atlas", "Halvorsen", "Crestline", "Bluewater",
	"Ironbridge", "Summit", "Keystone", "Redwood", "Silverline", "Granite", "Harbor",
	"Pinnacle", "Evergreen", "Lakeshore", "Horizon", "Sterling", "Oakridge", "Falcon",
	"Beacon", "Cobalt", "Vantage", "Ashford", "Brightwater", "Kingsley", "Westbrook",
	"Eastgate", "Rosenthal", "Orion", "Polaris", "Vertex", "Solano", "Aurora", "Castell",
	"Marlow", "Delmar", "Fairview", "Greystone", "Highland", "Norland", "Stonebridge",
	"Tidewater", "Whitfield", "Zenith", "Alder", "Birchwood", "Løvholm", "Königsberg",
	"Valdés", NULL,
};

const char *const gen_org_tails[] = {
	"Group", "Holdings", "Bank", "Energy", "Motors", "Airlines", "Institute",
	"University", "Foundation", "Partners", "Capital", "Industries", "Pharmaceuticals",
	"Telecom", "Logistics", "Media", "Insurance", "Systems", "Labs", "Foods", "Steel",
	"Mining", "Shipping", "Trust", "Hospital", NULL,
};

const char *const gen_org_names[] = {
	"United Nations", "World Health Organization", "European Union", "World Bank",
	"International Monetary Fund", "Red Cross", "NATO", "African Union",
	"Amnesty International", "Greenpeace", "UNESCO", "Interpol", "Supreme Court",
	"Central Bank", "Ministry of Finance", "Ministry of Health", "Ministry of Defence",
	"Ministry of Education", "Labour Party", "Green Party", "Democratic Party",
	"National Assembly", "City Council", "Olympic Committee", "FIFA",
	"Doctors Without Borders", "Human Rights Watch", "World Trade Organization", "OPEC",
	"Bureau of Statistics", NULL,
};

const char *const gen_places[] = {
	"Berlin", "Paris", "London", "Madrid", "Lisbon", "Rome", "Vienna", "Warsaw",
	"Prague", "Budapest", "Athens", "Istanbul", "Cairo", "Nairobi", "Lagos", "Accra",
	"Johannesburg", "Cape Town", "Dakar", "Addis Ababa", "Mumbai", "Delhi", "Karachi",
	"Dhaka", "Jakarta", "Manila", "Hanoi", "Bangkok", "Seoul", "Tokyo", "Osaka",
	"Beijing", "Shanghai", "Sydney", "Melbourne", "Auckland", "Toronto", "Montreal",
	"Vancouver", "Chicago", "Boston", "Denver", "Seattle", "Houston", "Atlanta",
	"Mexico City", "Bogotá", "Lima", "Santiago", "Buenos Aires", "São Paulo",
	"Rio de Janeiro", "Caracas", "Havana", "Reykjavík", "Oslo", "Stockholm", "Helsinki",
	"Copenhagen", "Dublin", "Edinburgh", "Cardiff", "Brussels", "Amsterdam", "Zürich",
	"Geneva", "Munich", "Hamburg", "Kraków", "Kyiv", "Tbilisi", "Baku", "Almaty",
	"Tashkent", "Tehran", "Baghdad", "Beirut", "Amman", "Riyadh", "Doha", "Dubai",
	"Muscat", "Kabul", "Kathmandu", "Colombo", "Germany", "France", "Spain", "Portugal",
	"Italy", "Austria", "Poland", "Hungary", "Greece", "Turkey", "Egypt", "Kenya",
	"Nigeria", "Ghana", "South Africa", "Senegal", "Ethiopia", "India", "Pakistan",
	"Bangladesh", "Indonesia", "Philippines", "Vietnam", "Thailand", "Japan", "China",
	"Australia", "New Zealand", "Canada", "Mexico", "Colombia", "Peru", "Chile",
	"Argentina", "Brazil", "Venezuela", "Cuba", "Iceland", "Norway", "Sweden",
	"Finland", "Denmark", "Ireland", "Scotland", "Belgium", "Netherlands",
	"Switzerland", "Ukraine", "Georgia", "Iran", "Iraq", "Lebanon", "Jordan", "Qatar",
	"Oman", "Afghanistan", "Nepal", "Sri Lanka", "Côte d'Ivoire", NULL,
};

const char *const gen_misc[] = {
	"European", "African", "Asian", "French", "German", "Spanish", "Italian",
	"Brazilian", "Japanese", "Chinese", "Indian", "Canadian", "Mexican", "Kenyan",
	"Nigerian", "Turkish", "Polish", "Swedish", "Irish", "Greek", "Olympic",
	"World Cup", "Nobel Prize", "Champions League", "Paris Agreement", "Eurovision",
	"Ramadan", "Christmas", "Easter", "Diwali", "Brexit", "Grand Prix",
	"Tour de France", "Oscars", "Premier League", "Golden Globe", "Geneva Convention",
	"Kyoto Protocol", "Hanukkah", "Québécois", NULL,
};

const char *const gen_outlet_names[] = {
	"The Daily Ledger", "Northern Herald", "Capital Courier", "Global Wire Report",
	"The Morning Sentinel", "Harbour City Post", "Evening Gazette", "Metro Tribune",
	"The Independent Observer", "Coastal Times", "Valley Chronicle", "The Continental",
	"World Affairs Monitor", "The Civic Journal", "Riverside Echo", "National Dispatch",
	"The Free Voice", "Pacific Review", "Atlantic Bulletin", "Lakeside Press",
	"Frontline Digest", "The Open Record", "Crossroads Weekly", "Metropolitan Star", NULL,
};

const char *const gen_bp_nav[] = {
	"Home | World | Politics | Business | Sport | Culture | Opinion",
	"Menu Search Subscribe Sign in",
	"News / World / Editor's Choice",
	"icon search icon menu icon close icon share icon mail icon print icon bookmark",
	"Skip to main content",
	"Latest News Video Podcasts Newsletters Live",
	"close\nSearch %s",
	"Toggle navigation Sections Local National World Sports Weather", NULL,
};

const char *const gen_bp_share[] = {
	"Share on Facebook Share on Twitter Share via Email",
	"Share this article",
	"Tweet Share Pin Email Print",
	"share: fb tw in mail",
	"Follow %s on social media", NULL,
};

const char *const gen_bp_byline[] = {
	"By our correspondents", "By staff writers", "From our reporters", "Newsroom",
	"By %s staff", NULL,
};

const char *const gen_bp_related[] = {
	"Related stories", "Read more:", "You may also like", "More from %s",
	"Most read", NULL,
};

const char *const gen_bp_support[] = {
	"Help us grow. Support %s on Patreon!",
	"Support independent journalism: become a member of %s today.",
	"Subscribe to %s for full access to our reporting.",
	"Copyright 2017 %s. All rights reserved.",
	"Sign up for the %s newsletter and never miss a story.",
	"%s relies on readers like you. Donate now.",
	"The statements, views and opinions expressed in this column are solely those of "
	"the author and do not necessarily represent those of %s.", NULL,
};

const char *const gen_bp_comments[] = {
	"What do you think?\n\nNotify of\nInline Feedbacks\nView all comments",
	"No comments yet. Be the first to comment.",
	"Comments are closed.",
	"By submitting a comment you grant %s a perpetual license to reproduce your words "
	"and name in attribution. Inappropriate and irrelevant comments will be removed.",
	"Join the conversation: log in to comment.", NULL,
};

const char *const gen_bp_more[] = {
	"Read the full story at %s.",
	"Continue reading on the %s website.",
	"(Story continues)",
	"This is an abridged version of a report first published elsewhere.", NULL,
};

const char *const gen_bp_notes[] = {
	"Editor's note:", "Update:", "Background:", "Context:", "Correction:", NULL,
};

const char *const gen_month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December",
};

const char *const gen_day_names[7] = {
	"Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday",
};
