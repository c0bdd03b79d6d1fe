/// Common given names by the gender they usually go with, so that "she said" can skip a man
/// named just before. Written for this project from general knowledge of common names in
/// English-language news (British, American, European, African, South and East Asian, Latin
/// American and Pacific names); it is not taken from any published list. Names used widely for
/// both genders (Alex, Sam, Jordan, Robin, Kim, Jean, Andrea, Nicola…) are left out on purpose:
/// their gender stays unknown, and a pronoun then decides it.
enum GivenNames {
    enum Gender: Sendable, Equatable {
        case female
        case male
    }

    /// The usual gender of a given name (any case), or nil when it is not listed.
    static func gender(of name: String) -> Gender? {
        let key = name.lowercased()
        if female.contains(key) { return .female }
        if male.contains(key) { return .male }
        return nil
    }

    static let female: Set<String> = [
        "abigail", "ada", "adriana", "agnes", "aisha", "alice", "alicia", "alison", "amanda", "amelia", "amina",
        "amy", "ana", "anastasia", "angela", "angelina", "anita", "ann", "anna", "anne", "annette",
        "annika", "ashley", "astrid", "barbara", "beatrice", "beatriz", "bella", "beth", "bethany", "brenda",
        "bridget", "camila", "carla", "carmen", "caroline", "catherine", "cecilia", "charlotte", "chloe", "christina",
        "christine", "claire", "clara", "claudia", "colette", "daniela", "deborah", "diana", "donna", "dorothy",
        "elena", "eleanor", "elisabeth", "elizabeth", "ella", "ellen", "elsa", "emily", "emma", "erika", "esther",
        "eva", "eve", "fatima", "fiona", "florence", "frances", "francesca", "freya", "gabriela", "gemma", "georgia",
        "grace", "greta", "hana", "hannah", "harriet", "heather", "helen", "helena", "hilary", "holly", "ines",
        "ingrid", "irene", "isabel", "isabella", "jacqueline", "jane", "janet", "jennifer", "jessica", "joan",
        "joanna", "josephine", "joyce", "judith", "julia", "julie", "karen", "katarzyna", "kate", "katherine",
        "kathleen", "katie", "katrin", "kelly", "laura", "lauren", "leah", "lena", "linda", "lisa", "louise",
        "lucia", "lucy", "lydia", "magdalena", "margaret", "maria", "marie", "marina", "marta", "martha", "mary",
        "maya", "megan", "melanie", "melissa", "mia", "michelle", "miriam", "monica", "nadia", "nancy", "naomi",
        "natalia", "natasha", "nina", "nora", "olga", "olivia", "paula", "pauline", "penelope", "priya", "rachel",
        "rebecca", "rita", "rosa", "rose", "ruth", "sabine", "sally", "samantha", "sandra", "sara", "sarah",
        "sharon", "shirley", "silvia", "sofia", "sophie", "stephanie", "susan", "suzanne", "svetlana", "sylvia",
        "tamara", "teresa", "theresa", "tina", "ursula", "valentina", "vanessa", "vera", "victoria", "wendy",
        "yasmin", "yvonne", "zainab", "zoe", "anjali", "deepa", "sunita", "meera", "lakshmi", "mei", "yuki",
        "keiko", "sakura", "ngozi", "chioma", "adaeze", "folake", "wanjiru", "amara", "lucía", "ximena", "valeria",
        "guadalupe", "mariana", "alejandra", "ingeborg", "sigrid", "kirsten", "birgit", "agnieszka", "ewa",
        "jolanta", "oksana", "iryna", "tatiana", "yulia", "irina", "ekaterina", "leilani", "moana", "aroha",
        "kiri", "ruby", "poppy", "isla", "evie", "niamh", "siobhan", "aoife", "mairead", "catriona", "rhiannon",
        "bronwen", "gloria", "patricia", "marjorie", "evelyn", "doris", "edith", "ethel", "mildred",
    ]

    static let male: Set<String> = [
        "aaron", "abdul", "adam", "adrian", "ahmed", "alan", "albert", "alberto", "alexander", "alexei", "alfred",
        "ali", "andrew", "andreas", "andrzej", "angus", "anthony", "antonio", "arthur", "barry", "ben", "benjamin",
        "bernard", "bill", "bob", "boris", "brian", "bruce", "carl", "carlos", "charles", "chris", "christian",
        "christopher", "colin", "craig", "daniel", "darren", "david", "dennis", "derek", "diego", "dmitri",
        "donald", "douglas", "duncan", "edward", "emmanuel", "eric", "erik", "ernesto", "felix", "fernando",
        "francis", "francisco", "frank", "fred", "gary", "george", "gerald", "giovanni", "gordon", "graham",
        "gregory", "hans", "harold", "harry", "hassan", "henrik", "henry", "hugh", "hugo", "ian", "igor", "imran",
        "ivan", "jack", "jacob", "james", "jan", "jason", "javier", "jeffrey", "jens", "jeremy", "jerome", "jim",
        "joe", "joel", "johan", "johannes", "john", "jonas", "jonathan", "jorge", "jose", "joseph", "juan",
        "julian", "justin", "karl", "keith", "kenneth", "kevin", "klaus", "lars", "lawrence", "leo", "leonard",
        "lewis", "liam", "luca", "lucas", "luis", "magnus", "malcolm", "marco", "marcus", "mark", "martin",
        "matteo", "matthew", "michael", "miguel", "mikhail", "mohammed", "muhammad", "nathan", "neil", "nicholas",
        "nigel", "oliver", "omar", "oscar", "owen", "pablo", "patrick", "paul", "pedro", "peter", "philip",
        "pierre", "piet", "rafael", "rahul", "raj", "ralph", "raymond", "richard", "robert", "roger", "ronald",
        "rory", "ross", "roy", "russell", "ryan", "samuel", "scott", "sean", "sergei", "simon", "stefan",
        "stephen", "steve", "steven", "stuart", "terry", "thomas", "tim", "timothy", "tobias", "tom", "tomas",
        "tony", "trevor", "victor", "viktor", "vincent", "vladimir", "walter", "wayne", "william", "wolfgang",
        "yusuf", "arjun", "vikram", "sanjay", "ravi", "amit", "hiroshi", "takeshi", "kenji", "wei", "chukwuma",
        "oluwaseun", "kwame", "kofi", "tunde", "emeka", "jomo", "mateo", "santiago", "alejandro", "ricardo",
        "eduardo", "gustavo", "sven", "olaf", "bjorn", "nils", "mikkel", "piotr", "tomasz", "krzysztof", "pavel",
        "oleksandr", "volodymyr", "andriy", "nikolai", "yuri", "tane", "wiremu", "sione", "callum", "declan",
        "ciaran", "eoin", "seamus", "dafydd", "gareth", "rhys", "hamish", "fraser", "archie", "alfie", "harvey",
        "kieran", "dominic", "edmund", "geoffrey", "herbert", "howard", "mohamed", "ibrahim",
        "khalid", "tariq", "yasser", "mahmoud", "moshe",
    ]
}
