// The words demo customers are made of: names, places, product categories and
// campaign names. Names come with an ASCII spelling for e-mail addresses; a few hold
// non-ASCII letters, a hyphen or quotes, so loaders meet UTF-8 and CSV quoting.
#pragma once

#include <span>
#include <string_view>

namespace sam::gen::vocab {

struct Name {
  std::string_view display;
  std::string_view ascii;  // lower case, for the e-mail address
};

inline constexpr Name kFemaleNames[] = {
    {"Anna", "anna"},       {"Emma", "emma"},       {"Sophie", "sophie"},     {"Julia", "julia"},
    {"Lotte", "lotte"},     {"Fleur", "fleur"},     {"Sanne", "sanne"},       {"Eva", "eva"},
    {"Lisa", "lisa"},       {"Noor", "noor"},       {"Sara", "sara"},         {"Femke", "femke"},
    {"Iris", "iris"},       {"Anouk", "anouk"},     {"Laura", "laura"},       {"Marieke", "marieke"},
    {"Ingrid", "ingrid"},   {"Els", "els"},         {"Hanneke", "hanneke"},   {"Petra", "petra"},
    {"Zoë", "zoe"},         {"Chloé", "chloe"},     {"Ellen", "ellen"},       {"Mila", "mila"},
    {"Tess", "tess"},       {"Lieke", "lieke"},     {"Mirjam", "mirjam"},     {"Karin", "karin"},
    {"Yvonne", "yvonne"},   {"Annelies", "annelies"}, {"Sofie", "sofie"},     {"Marie", "marie"},
    {"Léa", "lea"},         {"Hannah", "hannah"},   {"Lena", "lena"},         {"Leonie", "leonie"},
    {"Johanna", "johanna"}, {"Ursula", "ursula"},   {"Ayşe", "ayse"},         {"Fatima", "fatima"},
    {"Dewi", "dewi"},       {"Priya", "priya"},     {"Anne-Marie", "annemarie"}, {"Renée", "renee"},
};

inline constexpr Name kMaleNames[] = {
    {"Jan", "jan"},         {"Bram", "bram"},       {"Daan", "daan"},         {"Luuk", "luuk"},
    {"Sem", "sem"},         {"Thijs", "thijs"},     {"Lucas", "lucas"},       {"Milan", "milan"},
    {"Ruben", "ruben"},     {"Bas", "bas"},         {"Joost", "joost"},       {"Pieter", "pieter"},
    {"Hendrik", "hendrik"}, {"Willem", "willem"},   {"Gijs", "gijs"},         {"Emre", "emre"},
    {"Mohamed", "mohamed"}, {"Stefan", "stefan"},   {"Kees", "kees"},         {"Henk", "henk"},
    {"Marco", "marco"},     {"Tom", "tom"},         {"Wouter", "wouter"},     {"Sander", "sander"},
    {"Jeroen", "jeroen"},   {"Daniël", "daniel"},   {"Rémy", "remy"},         {"Jörg", "jorg"},
    {"Lukas", "lukas"},     {"Felix", "felix"},     {"Jonas", "jonas"},       {"Maximilian", "maximilian"},
    {"Thomas", "thomas"},   {"Koen", "koen"},       {"Arjen", "arjen"},       {"Youssef", "youssef"},
    {"Mehmet", "mehmet"},   {"Jens", "jens"},       {"Niels", "niels"},       {"Sven", "sven"},
    {"Jean-Pierre", "jeanpierre"}, {"François", "francois"},
};

inline constexpr Name kNeutralNames[] = {
    {"Chris", "chris"}, {"Sam", "sam"},   {"Robin", "robin"},     {"Alex", "alex"},     {"Kim", "kim"},
    {"Sascha", "sascha"}, {"Jamie", "jamie"}, {"Noa", "noa"},     {"Charlie", "charlie"}, {"Maxime", "maxime"},
};

// Rare: a nickname in quotes, which a CSV writer must double.
inline constexpr Name kQuotedNames[] = {
    {"Johannes \"Hans\"", "johannes"}, {"Wilhelmina \"Mien\"", "wilhelmina"}, {"Cornelis \"Kees\"", "cornelis"},
};

inline constexpr std::string_view kLastNames[] = {
    "jansen", "devries",  "vandenberg", "bakker",  "visser",  "smit",     "meijer", "degroot", "mulder",
    "bos",    "peeters",  "maes",       "janssens", "mertens", "muller",  "schmidt", "schneider", "fischer",
    "weber",  "wagner",   "yilmaz",     "elamrani", "dekker",  "vanleeuwen", "dijkstra", "hendriks", "claes",
};

struct Country {
  std::string_view code;
  std::string_view zone;
  std::string_view mobile_prefix;  // then `mobile_digits` digits
  int mobile_digits;
  std::string_view phone_prefix;   // country code; then an area code and 7 digits
  std::string_view email_domain;
};

inline constexpr Country kCountries[] = {
    {"NL", "Europe/Amsterdam", "+316", 8, "+31", "example.nl"},
    {"BE", "Europe/Brussels", "+324", 8, "+32", "example.be"},
    {"DE", "Europe/Berlin", "+4915", 9, "+49", "example.de"},
};
inline constexpr int kCountryWeights[] = {70, 20, 10};

inline constexpr std::string_view kGenericDomains[] = {"example.com", "example.org", "example.net"};

// Per country (same order as kCountries).
inline constexpr std::string_view kRegionsNL[] = {"Groningen", "Friesland",     "Drenthe",      "Overijssel",
                                                  "Flevoland", "Gelderland",    "Utrecht",      "Noord-Holland",
                                                  "Zuid-Holland", "Zeeland",    "Noord-Brabant", "Limburg"};
inline constexpr std::string_view kRegionsBE[] = {"Antwerpen", "Limburg",  "Oost-Vlaanderen", "West-Vlaanderen",
                                                  "Vlaams-Brabant", "Brussel", "Henegouwen", "Luik", "Namen"};
inline constexpr std::string_view kRegionsDE[] = {"Bayern",  "Berlin",  "Hamburg", "Hessen", "Niedersachsen",
                                                  "Nordrhein-Westfalen", "Sachsen", "Baden-Württemberg"};

inline constexpr std::string_view kCitiesNL[] = {"Amsterdam", "Rotterdam", "Den Haag", "Utrecht",   "Eindhoven",
                                                 "Groningen", "Tilburg",   "Almere",   "Breda",     "Nijmegen",
                                                 "Zwolle",    "Leeuwarden", "Maastricht", "'s-Hertogenbosch"};
inline constexpr std::string_view kCitiesBE[] = {"Antwerpen", "Gent", "Brugge", "Leuven", "Brussel", "Hasselt",
                                                 "Mechelen", "Liège", "Namur"};
inline constexpr std::string_view kCitiesDE[] = {"Berlin", "Hamburg", "München", "Köln", "Frankfurt am Main",
                                                 "Düsseldorf", "Leipzig", "Dresden", "Hannover"};

inline constexpr std::string_view kStreetsNL[] = {"Kerkstraat", "Dorpsstraat", "Stationsweg", "Molenweg",
                                                  "Schoolstraat", "Hoofdstraat", "Julianastraat", "Beatrixlaan",
                                                  "Prinsengracht", "Lindenlaan"};
inline constexpr std::string_view kStreetsBE[] = {"Kerkstraat", "Stationsstraat", "Dorpstraat", "Grote Markt",
                                                  "Rue de la Station", "Nieuwstraat", "Kapelstraat"};
inline constexpr std::string_view kStreetsDE[] = {"Hauptstraße", "Bahnhofstraße", "Schulstraße", "Gartenstraße",
                                                  "Dorfstraße", "Lindenstraße", "Bergstraße"};

// By country, in the order of kCountries.
using Words = std::span<const std::string_view>;
inline constexpr Words kRegions[] = {kRegionsNL, kRegionsBE, kRegionsDE};
inline constexpr Words kCities[] = {kCitiesNL, kCitiesBE, kCitiesDE};
inline constexpr Words kStreets[] = {kStreetsNL, kStreetsBE, kStreetsDE};

// Time zones of customers who set one other than their country's.
inline constexpr std::string_view kOtherZones[] = {"Europe/London", "America/New_York", "Asia/Tokyo",
                                                   "Australia/Sydney", "Europe/Madrid"};
// Where people move abroad to.
inline constexpr std::string_view kAbroad[] = {"FR", "ES", "GB", "US", "PT", "CH", "AT"};

struct Category {
  std::string_view name;
  double price_factor;  // relative to the median order
};
inline constexpr Category kCategories[] = {
    {"books", 0.5},   {"toys", 0.8},    {"garden", 1.4}, {"shoes", 1.2}, {"electronics", 2.8}, {"fashion", 1.0},
    {"home", 1.6},    {"sports", 1.1},  {"beauty", 0.6}, {"food", 0.7},  {"music", 0.5},       {"kids", 0.9},
};

// Campaign names in e-mail events, from the example programs.
inline constexpr std::string_view kNewsletterCampaigns[] = {"newsletter-weekly", "knowledge-monthly",
                                                            "interest-newsletter"};
inline constexpr int kNewsletterWeights[] = {80, 10, 10};
inline constexpr std::string_view kMarketingCampaigns[] = {
    "intro-offer-2026", "cart-reminder",    "we-miss-you",      "proposition-offer", "loyalty-reward",
    "winback-1y",       "retention-offer",  "valentine",        "jubilee-offer",     "almost-vip",
    "refer-a-friend",   "milestone-birthday-gift"};
inline constexpr std::string_view kServiceCampaigns[] = {
    "welcome-online",   "order-confirmation", "account-opened",  "birthday-greeting", "purchase-survey",
    "terms-current-account-2026", "address-changed", "season-greetings"};

}  // namespace sam::gen::vocab
