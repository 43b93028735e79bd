"""Write verdict_pairs.jsonl: the project's own claims, in five languages, for the verdict benchmark.

Each fact below has one claim per language that the shipped corpus supports
(the statement named by ``source``) and an edit of that claim that changes
one amount, count or date (contradicted). Claims about things the corpus does
not cover are expected ``unverified``. All sentences are the project's own.

Run: python benchmarks/data/make_verdict_pairs.py  (rewrites verdict_pairs.jsonl beside it)
"""

import json
from pathlib import Path

# fact id, corpus statement that supports it, what the edit changes, {lang: (claim, (old, new))}
FACTS = [
    ("geneva-amount", "geneva-pledges-en", "amount", {
        "en": ("Donors pledged more than $9 billion for Pakistan at the Geneva conference.", ("9", "19")),
        "hi": ("जिनेवा सम्मेलन में पाकिस्तान के लिए 9 अरब डॉलर से अधिक के वादे किए गए।", ("9", "19")),
        "es": ("Los donantes prometieron más de 9.000 millones de dólares para Pakistán en la conferencia de Ginebra.", ("9.000", "19.000")),
        "de": ("Geber sagten Pakistan auf der Genfer Konferenz mehr als 9 Milliarden Dollar zu.", ("9", "19")),
        "bn": ("জেনেভা সম্মেলনে পাকিস্তানের জন্য ৯ বিলিয়ন ডলারের বেশি প্রতিশ্রুতি দেওয়া হয়েছে।", ("৯", "১৯")),
    }),
    ("geneva-date", "geneva-cohosts-en", "date", {
        "en": ("The United Nations and Pakistan co-hosted the Geneva conference on 9 January 2023.", ("9 January", "19 January")),
        "hi": ("संयुक्त राष्ट्र और पाकिस्तान ने 9 जनवरी 2023 को जिनेवा सम्मेलन की मेज़बानी की।", ("9 जनवरी", "29 जनवरी")),
        "es": ("Naciones Unidas y Pakistán organizaron la conferencia de Ginebra el 9 de enero de 2023.", ("9 de enero", "19 de enero")),
        "de": ("Die Vereinten Nationen und Pakistan richteten die Genfer Konferenz am 9. Januar 2023 aus.", ("9. Januar", "19. Januar")),
        "bn": ("জাতিসংঘ ও পাকিস্তান ২০২৩ সালের ৯ জানুয়ারি জেনেভা সম্মেলনের আয়োজন করে।", ("৯ জানুয়ারি", "১৯ জানুয়ারি")),
    }),
    ("floods-affected", "floods-people-en", "count", {
        "en": ("The 2022 floods in Pakistan affected more than 33 million people.", ("33", "3")),
        "hi": ("2022 की बाढ़ से पाकिस्तान में 3.3 करोड़ से अधिक लोग प्रभावित हुए।", ("3.3", "33")),
        "es": ("Las inundaciones de 2022 en Pakistán afectaron a más de 33 millones de personas.", ("33", "3")),
        "de": ("Die Überschwemmungen 2022 in Pakistan trafen mehr als 33 Millionen Menschen.", ("33", "3")),
        "bn": ("২০২২ সালের বন্যায় পাকিস্তানে ৩.৩ কোটির বেশি মানুষ ক্ষতিগ্রস্ত হয়।", ("৩.৩", "৩৩")),
    }),
    ("floods-deaths", "floods-people-en", "count", {
        "en": ("More than 1,700 people died in Pakistan's 2022 monsoon floods.", ("1,700", "17,000")),
        "hi": ("पाकिस्तान में 2022 की मानसूनी बाढ़ में 1,700 से अधिक लोगों की मौत हुई।", ("1,700", "17,000")),
        "es": ("Más de 1.700 personas murieron en las inundaciones monzónicas de 2022 en Pakistán.", ("1.700", "17.000")),
        "de": ("Mehr als 1.700 Menschen starben bei den Monsunfluten 2022 in Pakistan.", ("1.700", "17.000")),
        "bn": ("২০২২ সালের বর্ষার বন্যায় পাকিস্তানে ১,৭০০ জনের বেশি মানুষ মারা যায়।", ("১,৭০০", "১৭,০০০")),
    }),
    ("pdna-damage", "floods-pdna-en", "amount", {
        "en": ("An assessment put flood damage in Pakistan at more than 14.9 billion dollars.", ("14.9", "41.9")),
        "hi": ("एक आकलन के अनुसार बाढ़ से पाकिस्तान को 14.9 अरब डॉलर से अधिक की क्षति हुई।", ("14.9", "41.9")),
        "es": ("Una evaluación cifró los daños de las inundaciones en Pakistán en más de 14.900 millones de dólares.", ("14.900", "41.900")),
        "de": ("Eine Bewertung bezifferte die Flutschäden in Pakistan auf mehr als 14,9 Milliarden Dollar.", ("14,9", "41,9")),
        "bn": ("এক মূল্যায়ন অনুযায়ী বন্যায় পাকিস্তানের ক্ষতি ১৪.৯ বিলিয়ন ডলারের বেশি।", ("১৪.৯", "৪১.৯")),
    }),
    ("peshawar-date", "peshawar-attack-en", "date", {
        "en": ("A suicide bomber attacked a mosque in Peshawar's Police Lines on 30 January 2023.", ("30 January", "13 January")),
        "hi": ("30 जनवरी 2023 को पेशावर की पुलिस लाइंस मस्जिद पर आत्मघाती हमला हुआ।", ("30 जनवरी", "13 जनवरी")),
        "es": ("Un terrorista suicida atacó una mezquita de Peshawar el 30 de enero de 2023.", ("30 de enero", "13 de enero")),
        "de": ("Ein Selbstmordattentäter griff am 30. Januar 2023 eine Moschee in Peshawar an.", ("30. Januar", "13. Januar")),
        "bn": ("২০২৩ সালের ৩০ জানুয়ারি পেশোয়ারের পুলিশ লাইন্সের মসজিদে আত্মঘাতী হামলা হয়।", ("৩০ জানুয়ারি", "১৩ জানুয়ারি")),
    }),
    ("omar-vote", "omar-removed-en", "count", {
        "en": ("The House voted 218 to 211 to remove Ilhan Omar from the Foreign Affairs Committee.", ("218 to 211", "228 to 201")),
        "hi": ("प्रतिनिधि सभा ने 218 बनाम 211 मतों से इल्हान उमर को विदेश मामलों की समिति से हटाया।", ("218 बनाम 211", "228 बनाम 201")),
        "es": ("La Cámara votó 218 contra 211 para apartar a Ilhan Omar del Comité de Asuntos Exteriores.", ("218 contra 211", "228 contra 201")),
        "de": ("Das Repräsentantenhaus stimmte mit 218 zu 211, Ilhan Omar aus dem Auswärtigen Ausschuss zu entfernen.", ("218 zu 211", "228 zu 201")),
        "bn": ("প্রতিনিধি পরিষদ ২১৮-২১১ ভোটে ইলহান ওমরকে পররাষ্ট্র বিষয়ক কমিটি থেকে সরিয়ে দেয়।", ("২১৮-২১১", "২২৮-২০১")),
    }),
    ("quake-magnitude", "quake-turkey-en", "number", {
        "en": ("A magnitude 7.8 earthquake hit southern Turkey on 6 February 2023.", ("7.8", "6.8")),
        "hi": ("6 फ़रवरी 2023 को दक्षिणी तुर्की में 7.8 तीव्रता का भूकंप आया।", ("7.8", "6.8")),
        "es": ("Un terremoto de magnitud 7,8 sacudió el sur de Turquía el 6 de febrero de 2023.", ("7,8", "6,8")),
        "de": ("Ein Erdbeben der Stärke 7,8 erschütterte am 6. Februar 2023 den Süden der Türkei.", ("7,8", "6,8")),
        "bn": ("২০২৩ সালের ৬ ফেব্রুয়ারি দক্ষিণ তুরস্কে ৭.৮ মাত্রার ভূমিকম্প হয়।", ("৭.৮", "৬.৮")),
    }),
    ("imf-srilanka", "imf-srilanka-en", "amount", {
        "en": ("The IMF approved a 2.9 billion dollar bailout for Sri Lanka in March 2023.", ("2.9", "3.9")),
        "hi": ("आईएमएफ ने मार्च 2023 में श्रीलंका के लिए 2.9 अरब डॉलर के राहत पैकेज को मंज़ूरी दी।", ("2.9", "3.9")),
        "es": ("El FMI aprobó en marzo de 2023 un rescate de 2.900 millones de dólares para Sri Lanka.", ("2.900", "3.900")),
        "de": ("Der IWF genehmigte im März 2023 ein Rettungspaket von 2,9 Milliarden Dollar für Sri Lanka.", ("2,9", "3,9")),
        "bn": ("আইএমএফ ২০২৩ সালের মার্চে শ্রীলঙ্কার জন্য ২.৯ বিলিয়ন ডলারের সহায়তা অনুমোদন করে।", ("২.৯", "৩.৯")),
    }),
    ("worldcup-date", "worldcup-en", "date", {
        "en": ("Argentina beat France in the World Cup final on 18 December 2022.", ("18 December", "8 December")),
        "hi": ("अर्जेंटीना ने 18 दिसंबर 2022 को विश्व कप फ़ाइनल में फ्रांस को हराया।", ("18 दिसंबर", "8 दिसंबर")),
        "es": ("Argentina venció a Francia en la final del Mundial el 18 de diciembre de 2022.", ("18 de diciembre", "8 de diciembre")),
        "de": ("Argentinien besiegte Frankreich am 18. Dezember 2022 im WM-Finale.", ("18. Dezember", "8. Dezember")),
        "bn": ("২০২২ সালের ১৮ ডিসেম্বর বিশ্বকাপ ফাইনালে আর্জেন্টিনা ফ্রান্সকে হারায়।", ("১৮ ডিসেম্বর", "৮ ডিসেম্বর")),
    }),
    ("population-8bn", "population-8bn-en", "count", {
        "en": ("The world's population reached 8 billion people on 15 November 2022.", ("8 billion", "9 billion")),
        "hi": ("15 नवंबर 2022 को दुनिया की आबादी 8 अरब लोगों तक पहुँच गई।", ("8 अरब", "9 अरब")),
        "es": ("La población mundial alcanzó los 8.000 millones de personas el 15 de noviembre de 2022.", ("8.000", "9.000")),
        "de": ("Die Weltbevölkerung erreichte am 15. November 2022 8 Milliarden Menschen.", ("8 Milliarden", "9 Milliarden")),
        "bn": ("২০২২ সালের ১৫ নভেম্বর বিশ্বের জনসংখ্যা ৮০০ কোটি মানুষে পৌঁছায়।", ("৮০০ কোটি", "৯০০ কোটি")),
    }),
    ("g20-date", "g20-india-en", "date", {
        "en": ("India assumed the G20 presidency on 1 December 2022.", ("1 December", "11 December")),
        "hi": ("भारत ने 1 दिसंबर 2022 को जी20 की अध्यक्षता संभाली।", ("1 दिसंबर", "11 दिसंबर")),
        "es": ("India asumió la presidencia del G20 el 1 de diciembre de 2022.", ("1 de diciembre", "11 de diciembre")),
        "de": ("Indien übernahm am 1. Dezember 2022 den G20-Vorsitz.", ("1. Dezember", "11. Dezember")),
        "bn": ("ভারত ২০২২ সালের ১ ডিসেম্বর জি-২০-এর সভাপতিত্ব গ্রহণ করে।", ("১ ডিসেম্বর", "১১ ডিসেম্বর")),
    }),
]

# Claims about things the shipped corpus does not cover: expected "unverified".
UNCOVERED = {
    "en": ["The Eiffel Tower is 330 metres tall.", "Brazil held a presidential run-off on 30 October 2022.",
           "Kenya's central bank raised its key rate to 9.5 percent in March 2023.",
           "A new bridge over the Padma river opened in June 2022.",
           "The city of Lagos recorded 40 cases of cholera last week.",
           "Norway's sovereign fund lost 1.6 trillion crowns in 2022."],
    "hi": ["एफिल टॉवर की ऊँचाई 330 मीटर है।", "ब्राज़ील में 30 अक्टूबर 2022 को राष्ट्रपति चुनाव का दूसरा दौर हुआ।",
           "केन्या के केंद्रीय बैंक ने मार्च 2023 में ब्याज दर बढ़ाकर 9.5 प्रतिशत कर दी।",
           "जून 2022 में पद्मा नदी पर एक नया पुल खुला।", "लागोस शहर में पिछले हफ़्ते हैजे के 40 मामले दर्ज हुए।",
           "नॉर्वे के सॉवरेन फंड को 2022 में भारी नुकसान हुआ।"],
    "es": ["La Torre Eiffel mide 330 metros de altura.", "Brasil celebró la segunda vuelta presidencial el 30 de octubre de 2022.",
           "El banco central de Kenia subió su tipo de interés al 9,5 por ciento en marzo de 2023.",
           "Un nuevo puente sobre el río Padma se inauguró en junio de 2022.",
           "La ciudad de Lagos registró 40 casos de cólera la semana pasada.",
           "El fondo soberano de Noruega sufrió grandes pérdidas en 2022."],
    "de": ["Der Eiffelturm ist 330 Meter hoch.", "Brasilien hielt am 30. Oktober 2022 die Stichwahl um das Präsidentenamt ab.",
           "Kenias Zentralbank erhöhte den Leitzins im März 2023 auf 9,5 Prozent.",
           "Im Juni 2022 wurde eine neue Brücke über den Fluss Padma eröffnet.",
           "Die Stadt Lagos meldete in der vergangenen Woche 40 Cholerafälle.",
           "Norwegens Staatsfonds verlor im Jahr 2022 viel Geld."],
    "bn": ["আইফেল টাওয়ারের উচ্চতা ৩৩০ মিটার।", "ব্রাজিলে ২০২২ সালের ৩০ অক্টোবর প্রেসিডেন্ট নির্বাচনের দ্বিতীয় দফা হয়।",
           "কেনিয়ার কেন্দ্রীয় ব্যাংক ২০২৩ সালের মার্চে সুদের হার বাড়িয়ে ৯.৫ শতাংশ করে।",
           "২০২২ সালের জুনে পদ্মা নদীর ওপর একটি নতুন সেতু চালু হয়।",
           "লাগোস শহরে গত সপ্তাহে কলেরার ৪০টি ঘটনা ধরা পড়ে।",
           "নরওয়ের সার্বভৌম তহবিল ২০২২ সালে বড় লোকসান করে।"],
}


def main() -> None:
    rows = []
    for fact, source, kind, claims in FACTS:
        for lang, (claim, (old, new)) in claims.items():
            assert claim.count(old) == 1, (fact, lang, old)
            rows.append({"id": f"{fact}-{lang}-supported", "lang": lang, "claim": claim, "label": "supported",
                         "source": source, "kind": kind})
            rows.append({"id": f"{fact}-{lang}-contradicted", "lang": lang, "claim": claim.replace(old, new),
                         "label": "contradicted", "source": source, "kind": kind, "changed": [old, new]})
    for lang, claims in UNCOVERED.items():
        for i, claim in enumerate(claims):
            rows.append({"id": f"uncovered-{i}-{lang}", "lang": lang, "claim": claim, "label": "unverified",
                         "source": None, "kind": "uncovered"})
    out = Path(__file__).with_name("verdict_pairs.jsonl")
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} pairs to {out}")


if __name__ == "__main__":
    main()
