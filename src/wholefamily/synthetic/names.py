"""Name pools for the synthetic population, by origin and sex, and a nickname table.

Every name here is encodable in Windows-1252 (the cp1252 partner files must carry them), and the pools
are wide enough that common-name collisions happen, as they do in real data.
"""

from __future__ import annotations

# Origins drive names and ethnicity together. Shares are rough England-wide proportions.
ORIGINS = ("white_british", "white_irish_other", "polish", "south_asian", "black_african",
           "black_caribbean", "mixed", "other")
ORIGIN_SHARES = (0.74, 0.035, 0.025, 0.09, 0.028, 0.014, 0.03, 0.028)
# ONS five groups (codes of wholefamily.ingest.config.ETHNICITY_CODES) per origin.
ORIGIN_GROUP = ("white", "white", "white", "asian", "black", "black", "mixed", "other")
# DfE / NHS-style detailed codes per origin (used by partners that send detailed codes).
ORIGIN_DFE_CODE = ("WBRI", "WOTH", "WOTH", "APKN", "BAFR", "BCRB", "MWBC", "OOTH")
ORIGIN_NHS_CODE = ("A", "C", "C", "J", "N", "M", "D", "S")
ORIGIN_TEXT = ("White British", "White - Other", "White - Other", "Asian or Asian British - Pakistani",
               "Black or Black British - African", "Black or Black British - Caribbean",
               "Mixed - White and Black Caribbean", "Other ethnic group")

_BRITISH_MALE = ["Oliver", "George", "Harry", "Jack", "Jacob", "Noah", "Charlie", "Muhammad", "Thomas", "Oscar", "William", "James", "Henry", "Leo", "Alfie", "Joshua", "Freddie", "Archie", "Ethan", "Isaac", "Alexander", "Joseph", "Edward", "Samuel", "Max", "Daniel", "Arthur", "Lucas", "Mohammed", "Logan", "Theo", "Harrison", "Benjamin", "Mason", "Sebastian", "Finley", "Adam", "Dylan", "Zachary", "Riley", "Teddy", "Theodore", "David", "Elijah", "Jake", "Toby", "Louie", "Reuben", "Arlo", "Hugo", "Luca", "Jaxon", "Matthew", "Harvey", "Reggie", "Michael", "Harley", "Jude", "Albert", "Tommy", "Luke", "Stanley", "Jenson", "Frankie", "Jayden", "Gabriel", "Elliot", "Mohammad", "Ronnie", "Charles", "Louis", "Elliott", "Frederick", "Nathan", "Lewis", "Blake", "Rory", "Ollie", "Ryan", "Tyler", "Jackson", "Dexter", "Kai", "Robert", "Richard", "Christopher", "Andrew", "Peter", "Paul", "Mark", "Stephen", "Anthony", "Kevin", "Gary", "Steven", "Simon", "Darren", "Craig", "Lee", "Wayne", "Dean", "Jason", "Shaun", "Carl", "Ian", "Neil", "Graham", "Keith", "Barry", "Colin", "Derek", "Trevor", "Raymond", "Kenneth", "Brian", "Ronald", "Nicholas", "Timothy", "Jonathan", "Patrick", "Gareth", "Rhys", "Dafydd", "Callum", "Connor", "Kieran", "Bradley", "Jordan", "Aaron", "Liam", "Sean", "Seán", "Declan", "Owen", "Evan", "Ewan", "Angus", "Hamish", "Alistair", "Frazer"]
_BRITISH_FEMALE = ["Olivia", "Amelia", "Isla", "Ava", "Emily", "Isabella", "Mia", "Poppy", "Ella", "Lily", "Sophia", "Sophie", "Grace", "Evie", "Scarlett", "Ruby", "Chloe", "Chloé", "Isabelle", "Daisy", "Freya", "Phoebe", "Florence", "Alice", "Charlotte", "Sienna", "Matilda", "Evelyn", "Eva", "Millie", "Sofia", "Lucy", "Elsie", "Imogen", "Layla", "Rosie", "Maya", "Esme", "Elizabeth", "Lola", "Willow", "Ivy", "Erin", "Holly", "Emilia", "Molly", "Ellie", "Jessica", "Harper", "Eliza", "Thea", "Zoe", "Zoë", "Megan", "Rebecca", "Hannah", "Lauren", "Amy", "Laura", "Sarah", "Emma", "Rachel", "Natalie", "Gemma", "Kelly", "Nicola", "Joanne", "Claire", "Michelle", "Lisa", "Donna", "Tracey", "Karen", "Julie", "Susan", "Deborah", "Helen", "Amanda", "Samantha", "Victoria", "Katherine", "Catherine", "Kathryn", "Jennifer", "Margaret", "Patricia", "Barbara", "Jean", "Sandra", "Linda", "Carol", "Christine", "Janet", "Pauline", "Ann", "Anne", "Jane", "Mary", "Dorothy", "Joan", "Valerie", "Maureen", "Siân", "Sian", "Bethan", "Cerys", "Ffion", "Niamh", "Aoife", "Siobhan", "Renée", "Shannon", "Chelsea", "Courtney", "Jade", "Stacey", "Leanne", "Kirsty", "Danielle", "Charlene", "Kayleigh", "Abigail", "Bethany", "Georgia", "Paige"]
_IRISH_OTHER_MALE = ["Patrick", "Conor", "Ciarán", "Eoin", "Padraig", "Dara", "Luca", "Marco", "Matteo", "Giorgos", "André", "José", "Miguel", "Lars"]
_IRISH_OTHER_FEMALE = ["Aoife", "Niamh", "Róisín", "Orla", "Ciara", "Saoirse", "Giulia", "Chiara", "Inês", "Maria", "Anaïs", "Léa", "Ingrid", "Renée"]
_POLISH_MALE = ["Jakub", "Kacper", "Szymon", "Filip", "Jan", "Antoni", "Mateusz", "Bartosz", "Wojciech", "Piotr", "Krzysztof", "Tomasz", "Marek", "Adam", "Pawel", "Michal", "Dawid", "Kamil"]
_POLISH_FEMALE = ["Zuzanna", "Julia", "Maja", "Zofia", "Hanna", "Lena", "Aleksandra", "Natalia", "Agnieszka", "Katarzyna", "Anna", "Monika", "Ewa", "Joanna", "Magdalena", "Karolina", "Paulina", "Marta"]
_SOUTH_ASIAN_MALE = ["Mohammed", "Muhammad", "Ahmed", "Ali", "Hassan", "Hussain", "Ibrahim", "Yusuf", "Zain", "Ayaan", "Aryan", "Arjun", "Rohan", "Vikram", "Sanjay", "Rajesh", "Amit", "Imran", "Bilal", "Usman", "Hamza", "Faisal", "Tariq", "Asif", "Kamran", "Sajid", "Rizwan", "Harjit", "Gurpreet", "Mandeep"]
_SOUTH_ASIAN_FEMALE = ["Aisha", "Fatima", "Maryam", "Zainab", "Amira", "Hafsa", "Khadija", "Noor", "Ayesha", "Sana", "Amina", "Priya", "Anjali", "Kavita", "Sunita", "Pooja", "Neha", "Riya", "Simran", "Jaspreet", "Harpreet", "Nadia", "Saima", "Rubina", "Shazia", "Farzana", "Parveen", "Nasreen", "Sadia", "Mehreen"]
_BLACK_AFRICAN_MALE = ["Kwame", "Kofi", "Chidi", "Emeka", "Oluwaseun", "Tunde", "Segun", "Femi", "Yaw", "Kwabena", "Daniel", "Samuel", "Emmanuel", "David", "Joseph", "Abdi", "Mohamed"]
_BLACK_AFRICAN_FEMALE = ["Adaeze", "Chiamaka", "Ngozi", "Funmilayo", "Folake", "Abena", "Ama", "Akosua", "Blessing", "Grace", "Esther", "Precious", "Favour", "Comfort", "Hodan", "Amina"]
_BLACK_CARIBBEAN_MALE = ["Marcus", "Tyrone", "Jermaine", "Leon", "Dwayne", "Andre", "Delroy", "Winston", "Errol", "Devon", "Darnell", "Kareem", "Jordan", "Nathaniel"]
_BLACK_CARIBBEAN_FEMALE = ["Shanice", "Tanisha", "Keisha", "Marcia", "Beverley", "Jasmine", "Aaliyah", "Kayla", "Monique", "Shantelle", "Janelle", "Sharon", "Yvonne", "Paulette"]
_OTHER_MALE = ["Omar", "Khalid", "Yousef", "Ahmad", "Mustafa", "Karim", "Wei", "Jun", "Hao", "Minh", "Tuan", "Kerem", "Emre", "Mehmet", "Hiroshi"]
_OTHER_FEMALE = ["Layla", "Yasmin", "Leila", "Mariam", "Huda", "Rania", "Mei", "Ling", "Xin", "Linh", "Thuy", "Elif", "Zeynep", "Ayse", "Yuki"]

_BRITISH_SURNAMES = ["Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain", "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins", "Murray", "Dixon", "Harvey", "Graham", "Pearson", "Ahmed", "Fletcher", "Walsh", "Kaur", "Gibson", "Howard", "Andrews", "Stewart", "Elliott", "Reynolds", "Saunders", "Payne", "Fox", "Ford", "Pearce", "Day", "Brooks", "West", "Lawrence", "Cole", "Atkinson", "Bradley", "Spencer", "Gill", "Dawson", "Ball", "Burton", "O'Brien", "Watts", "Rose", "Booth", "Perry", "Ryan", "Grant", "Wells", "Armstrong", "Francis", "Rees", "Hayes", "Hart", "Hudson", "Newman", "Barrett", "Webster", "Hunter", "Gregory", "Carr", "Lowe", "Page", "Marsh", "Riley", "Dunn", "Woods", "Parsons", "Berry", "Stone", "Reid", "Holland", "Hawkins", "Harding", "Porter", "Robertson", "Newton", "O'Connor", "Oliver", "Reed", "Kennedy", "Williamson", "Bird", "Gardner", "Shah", "Dean", "Lane", "Cooke", "Bates", "Henderson", "Parry", "Burgess", "Bishop", "Walton", "Burns", "Nicholson", "Shepherd", "Ross", "Cross", "Long", "Freeman", "Warren", "Nicholls", "Hamilton", "Byrne", "Sutton", "McDonald", "Yates", "Hodgson", "Robson", "Curtis", "Hopkins", "O'Neill", "Hyde", "MacDonald", "McKenzie", "Fitzgerald"]
_IRISH_OTHER_SURNAMES = ["Murphy", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ryan", "O'Brien", "Doyle", "McCarthy", "Rossi", "Ferrari", "Russo", "Silva", "Santos", "Pereira", "Müller", "Schmidt", "Hansen", "Dupont"]
_POLISH_SURNAMES = ["Nowak", "Kowalczyk", "Wójcik", "Kaminski", "Lewandowski", "Zielinski", "Szymanski", "Wozniak", "Dabrowski", "Kozlowski", "Jankowski", "Mazur", "Krawczyk", "Piotrowski", "Grabowski", "Nowakowski", "Pawlak", "Michalski", "Adamczyk", "Dudek"]
_SOUTH_ASIAN_SURNAMES = ["Patel", "Khan", "Ahmed", "Ali", "Hussain", "Shah", "Begum", "Singh", "Kaur", "Iqbal", "Akhtar", "Rahman", "Islam", "Chaudhry", "Malik", "Mahmood", "Bibi", "Sharma", "Kumar", "Gupta", "Mistry", "Parmar", "Sandhu", "Dhillon", "Gill", "Bains", "Choudhury", "Miah", "Uddin", "Rashid"]
_BLACK_AFRICAN_SURNAMES = ["Okafor", "Adeyemi", "Mensah", "Owusu", "Boateng", "Osei", "Adebayo", "Okonkwo", "Nwosu", "Eze", "Ogunleye", "Asante", "Bello", "Mohamed", "Abdi", "Hassan", "Mwangi", "Kamara", "Diallo", "Ndlovu"]
_BLACK_CARIBBEAN_SURNAMES = ["Campbell", "Brown", "Williams", "Thomas", "Clarke", "Francis", "Henry", "Grant", "Reid", "Samuels", "Beckford", "Forbes", "Daley", "Barrett", "Simpson", "Gayle", "Morgan", "Bailey", "Lewis", "Powell"]
_OTHER_SURNAMES = ["Hassan", "Ibrahim", "Mahmoud", "Haddad", "Nasser", "Chen", "Wang", "Li", "Zhang", "Liu", "Nguyen", "Tran", "Pham", "Yilmaz", "Kaya", "Demir", "Öztürk", "Tanaka", "Sato", "Rahimi"]

FIRST_NAMES: dict[tuple[str, int], list[str]] = {}
"""(origin, sex) -> forenames; sex 0 = male, 1 = female. Mixed origin draws from the British pools."""
SURNAMES: dict[str, list[str]] = {}
_POOLS = {
    "white_british": (_BRITISH_MALE, _BRITISH_FEMALE, _BRITISH_SURNAMES),
    "white_irish_other": (_IRISH_OTHER_MALE, _IRISH_OTHER_FEMALE, _IRISH_OTHER_SURNAMES),
    "polish": (_POLISH_MALE, _POLISH_FEMALE, _POLISH_SURNAMES),
    "south_asian": (_SOUTH_ASIAN_MALE, _SOUTH_ASIAN_FEMALE, _SOUTH_ASIAN_SURNAMES),
    "black_african": (_BLACK_AFRICAN_MALE, _BLACK_AFRICAN_FEMALE, _BLACK_AFRICAN_SURNAMES),
    "black_caribbean": (_BLACK_CARIBBEAN_MALE, _BLACK_CARIBBEAN_FEMALE, _BLACK_CARIBBEAN_SURNAMES),
    "mixed": (_BRITISH_MALE + _BLACK_CARIBBEAN_MALE, _BRITISH_FEMALE + _BLACK_CARIBBEAN_FEMALE,
              _BRITISH_SURNAMES + _BLACK_CARIBBEAN_SURNAMES),
    "other": (_OTHER_MALE, _OTHER_FEMALE, _OTHER_SURNAMES),
}
for _origin, (_male, _female, _surnames) in _POOLS.items():
    FIRST_NAMES[(_origin, 0)] = _male
    FIRST_NAMES[(_origin, 1)] = _female
    SURNAMES[_origin] = _surnames

# Formal name -> short forms people go by (one is drawn where a source uses nicknames).
NICKNAMES: dict[str, tuple[str, ...]] = {
    "William": ("Bill", "Will", "Billy"), "Elizabeth": ("Liz", "Beth", "Lizzie"), "Robert": ("Bob", "Rob"),
    "Richard": ("Rick", "Rich", "Dick"), "Margaret": ("Maggie", "Peggy"), "Catherine": ("Cathy", "Kate"),
    "Katherine": ("Kathy", "Kate", "Katie"), "Thomas": ("Tom", "Tommy"), "James": ("Jim", "Jamie"),
    "Michael": ("Mike", "Mick"), "Christopher": ("Chris",), "Alexander": ("Alex", "Sandy"),
    "Benjamin": ("Ben",), "Daniel": ("Dan", "Danny"), "Joseph": ("Joe",), "Samuel": ("Sam",),
    "Matthew": ("Matt",), "Nicholas": ("Nick",), "Jonathan": ("Jon",), "Anthony": ("Tony",),
    "Edward": ("Ed", "Eddie", "Ted"), "Frederick": ("Fred", "Freddie"), "Charles": ("Charlie",),
    "Stephen": ("Steve",), "Steven": ("Steve",), "Andrew": ("Andy", "Drew"), "Peter": ("Pete",),
    "Timothy": ("Tim",), "Kenneth": ("Ken",), "Raymond": ("Ray",), "Ronald": ("Ron", "Ronnie"),
    "Patrick": ("Pat", "Paddy"), "Jennifer": ("Jen", "Jenny"), "Rebecca": ("Becky", "Becca"),
    "Samantha": ("Sam",), "Victoria": ("Vicky", "Tori"), "Jessica": ("Jess",), "Abigail": ("Abbie",),
    "Natalie": ("Nat",), "Nicola": ("Nicky",), "Deborah": ("Debbie",), "Patricia": ("Pat", "Trish"),
    "Barbara": ("Barb",), "Susan": ("Sue",), "Amanda": ("Mandy",), "Christine": ("Chris",),
    "Isabella": ("Bella", "Izzy"), "Isabelle": ("Izzy",), "Charlotte": ("Lottie", "Charlie"),
    "Matilda": ("Tilly",), "Florence": ("Flo",), "Eleanor": ("Ellie",), "Olivia": ("Liv",),
    "Sophia": ("Sophie",), "Theodore": ("Theo", "Teddy"), "Oliver": ("Ollie",), "Harrison": ("Harry",),
    "Zachary": ("Zach",), "Nathaniel": ("Nate",), "Mohammed": ("Mo",), "Muhammad": ("Mo",),
    "Joshua": ("Josh",), "Jacob": ("Jake",), "Gabriel": ("Gabe",), "Bradley": ("Brad",),
    "Jakub": ("Kuba",), "Aleksandra": ("Ola",), "Katarzyna": ("Kasia",), "Magdalena": ("Magda",),
    "Krzysztof": ("Krzys",), "Joanna": ("Asia",), "Kathryn": ("Kath",), "Valerie": ("Val",),
    "Pauline": ("Pauly",), "Dorothy": ("Dot",), "Emmanuel": ("Manny",), "Oluwaseun": ("Seun",),
}

STREETS = ["Albert", "Victoria", "Church", "Station", "Mill", "Park", "High", "Chapel", "Queen", "King", "Station", "Meadow", "Orchard", "Elm", "Oak", "Ash", "Beech", "Willow", "Hawthorn", "Cedar", "Maple", "Rowan", "Holly", "Birch", "Chestnut", "Lime", "Sycamore", "Poplar", "Laurel", "Heather", "Bramble", "Primrose", "Foxglove", "Bluebell", "Clover", "Juniper", "Hazel", "Alder", "Linden", "Cherry", "Windmill", "Quarry", "Brook", "River", "Canal", "Bridge", "Market", "Castle", "Abbey", "Priory", "Manor", "Grange", "Hall", "Farm", "Common", "Green", "Moor", "Hill", "Valley", "Ridge", "Dale", "Wexcombe", "Hartley", "Ashby", "Stanton", "Colby", "Fenwick", "Harcourt", "Kingsley", "Lonsdale", "Norbury", "Pemberton", "Radley", "Sefton", "Thornbury", "Upton", "Whitby", "Wakefield", "Langley", "Milton", "Brampton", "Carlton", "Dalton", "Eastwood"]
STREET_TYPES = ("Road", "Street", "Avenue", "Close", "Lane", "Drive", "Way", "Crescent", "Gardens", "Court",
                "Place", "Grove", "Terrace", "Walk", "Mews", "Rise", "View")
TOWNS = ("Wexcombe", "Wexcombe", "Wexcombe", "Hartbridge", "Stoneleigh", "Marlow Vale", "Ashwick")
POSTCODE_DISTRICTS = ("WX1", "WX2", "WX3", "WX4", "WX5", "WX6", "WX7", "WX9")
