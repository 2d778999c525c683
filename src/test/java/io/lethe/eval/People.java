package io.lethe.eval;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.ibm.icu.text.Transliterator;
import net.datafaker.Faker;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Synthetic people drawn from datafaker (net.datafaker:datafaker 2.7.0), in many locales, with an e-mail
 * built from the name, a phone number valid for the locale's country and a locale identifier.
 *
 * <p>Nothing here comes from the gateway: names are datafaker's first and last names (combined by us, so
 * titles and suffixes that datafaker's {@code fullName()} adds stay out of the registered name), e-mails
 * are our own construction, and phones are datafaker's {@code phoneNumberInternational()} re-checked as
 * valid with libphonenumber (we only want numbers a real person could have).
 */
final class People {

    /** Locale tag, ISO country, script family. */
    record Loc(String tag, String country, Script script, String[] domains) {
    }

    enum Script { LATIN, CYRILLIC, ARABIC, HAN, JAPANESE, HANGUL }

    static final List<Loc> LOCALES = List.of(
            new Loc("en-US", "US", Script.LATIN, new String[] {"gmail.com", "yahoo.com", "outlook.com", "comcast.net"}),
            new Loc("en-GB", "GB", Script.LATIN, new String[] {"gmail.com", "btinternet.com", "hotmail.co.uk", "sky.com"}),
            new Loc("de-DE", "DE", Script.LATIN, new String[] {"web.de", "gmx.de", "t-online.de", "posteo.de"}),
            new Loc("fr-FR", "FR", Script.LATIN, new String[] {"orange.fr", "free.fr", "laposte.net", "gmail.com"}),
            new Loc("es-ES", "ES", Script.LATIN, new String[] {"telefonica.net", "gmail.com", "hotmail.es", "yahoo.es"}),
            new Loc("it-IT", "IT", Script.LATIN, new String[] {"libero.it", "virgilio.it", "tiscali.it", "gmail.com"}),
            new Loc("nl-NL", "NL", Script.LATIN, new String[] {"ziggo.nl", "kpnmail.nl", "xs4all.nl", "gmail.com"}),
            new Loc("pl-PL", "PL", Script.LATIN, new String[] {"wp.pl", "onet.pl", "interia.pl", "o2.pl"}),
            new Loc("sv-SE", "SE", Script.LATIN, new String[] {"telia.com", "bredband.net", "gmail.com", "hotmail.se"}),
            new Loc("tr-TR", "TR", Script.LATIN, new String[] {"turk.net", "yandex.com.tr", "gmail.com", "hotmail.com"}),
            new Loc("pt-BR", "BR", Script.LATIN, new String[] {"uol.com.br", "bol.com.br", "terra.com.br", "gmail.com"}),
            new Loc("en-IN", "IN", Script.LATIN, new String[] {"rediffmail.com", "gmail.com", "yahoo.co.in", "outlook.in"}),
            new Loc("ru-RU", "RU", Script.CYRILLIC, new String[] {"yandex.ru", "mail.ru", "rambler.ru", "bk.ru"}),
            new Loc("ar-SA", "SA", Script.ARABIC, new String[] {"gmail.com", "hotmail.com", "stc.com.sa", "yahoo.com"}),
            new Loc("ja-JP", "JP", Script.JAPANESE, new String[] {"docomo.ne.jp", "yahoo.co.jp", "gmail.com", "nifty.com"}),
            new Loc("zh-CN", "CN", Script.HAN, new String[] {"qq.com", "163.com", "126.com", "sina.com"}),
            new Loc("ko-KR", "KR", Script.HANGUL, new String[] {"naver.com", "daum.net", "hanmail.net", "kakao.com"}));

    /**
     * One generated person. {@code name} is the registered name (family name first, no space, for zh;
     * family name, space, given name for ja and ko; given name first elsewhere).
     */
    record Person(String id, Loc loc, String first, String last, String name, String email,
                  String phoneIntl, String phoneNational, String phoneE164, String countryCode,
                  String nationalNumber, String identifier) {
        boolean latin() {
            return loc.script() == Script.LATIN;
        }

        boolean cjk() {
            return loc.script() == Script.HAN || loc.script() == Script.JAPANESE || loc.script() == Script.HANGUL;
        }

        /** The name as written in running text of its own language (no space between CJK name parts). */
        String nameNoSpace() {
            return cjk() ? last + first : name;
        }
    }

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Transliterator TO_ASCII = Transliterator.getInstance("Any-Latin; Latin-ASCII; Lower");

    private People() {
    }

    /** ASCII fold of a Latin name for e-mail local parts (ß → ss, ł → l, ı → i, accents dropped). */
    static String ascii(String s) {
        String t = s.replace("ß", "ss").replace("ł", "l").replace("Ł", "L").replace("ı", "i").replace("ø", "o")
                .replace("Ø", "O").replace("æ", "ae").replace("đ", "d");
        t = Normalizer.normalize(t, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        if (!t.chars().allMatch(c -> c < 128)) {
            t = TO_ASCII.transliterate(t);
        }
        return t.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
    }

    static String localPart(String first, String last, Random rnd) {
        String f = ascii(first);
        String l = ascii(last);
        if (f.isEmpty()) {
            f = "user";
        }
        if (l.isEmpty()) {
            l = "x";
        }
        return switch (rnd.nextInt(6)) {
            case 0 -> f + "." + l;
            case 1 -> f + l;
            case 2 -> f.charAt(0) + "." + l;
            case 3 -> f + "_" + l;
            case 4 -> l + "." + f;
            default -> f + "." + l + (10 + rnd.nextInt(90));
        };
    }

    /** A person of the given locale; {@code taken} keeps registered full names unique across the registry. */
    static Person generate(String id, Loc loc, Faker faker, Random rnd, Set<String> taken) {
        for (int attempt = 0; ; attempt++) {
            String first = clean(faker.name().firstName());
            String last = clean(faker.name().lastName());
            if (first.isEmpty() || last.isEmpty() || first.equalsIgnoreCase(last)) {
                continue;
            }
            String name = switch (loc.script()) {
                case HAN -> last + first;
                case JAPANESE, HANGUL -> last + " " + first;
                default -> first + " " + last;
            };
            if (!taken.add(name.toLowerCase(Locale.ROOT)) && attempt < 50) {
                continue;
            }
            String email = localPart(first, last, rnd) + "@" + loc.domains()[rnd.nextInt(loc.domains().length)];
            PhoneNumber number = phone(loc, faker, rnd);
            String intl = PHONES.format(number, PhoneNumberFormat.INTERNATIONAL);
            String national = PHONES.format(number, PhoneNumberFormat.NATIONAL);
            String e164 = PHONES.format(number, PhoneNumberFormat.E164);
            String nsn = PHONES.getNationalSignificantNumber(number);
            String ident = identifier(faker, rnd);
            return new Person(id, loc, first, last, name, email, intl, national, e164,
                    String.valueOf(number.getCountryCode()), nsn, ident);
        }
    }

    /** Datafaker names sometimes carry stray dots or double spaces; names keep letters, spaces, hyphens, apostrophes. */
    static String clean(String s) {
        return s.replaceAll("[^\\p{L}\\p{M} '\\-]", "").replaceAll("\\s+", " ").trim();
    }

    /** datafaker's international number for the locale, kept when libphonenumber calls it valid for the country. */
    static PhoneNumber phone(Loc loc, Faker faker, Random rnd) {
        for (int i = 0; i < 200; i++) {
            String s = rnd.nextBoolean() ? faker.phoneNumber().phoneNumberInternational()
                    : faker.phoneNumber().cellPhoneInternational();
            try {
                PhoneNumber n = PHONES.parse(s, loc.country());
                if (PHONES.isValidNumberForRegion(n, loc.country())) {
                    return n;
                }
            } catch (NumberParseException e) {
                // try again
            } catch (RuntimeException e) {
                break;
            }
        }
        // Fallback: libphonenumber's example numbers, perturbed, until valid for the country.
        PhoneNumber ex = PHONES.getExampleNumberForType(loc.country(), PhoneNumberUtil.PhoneNumberType.MOBILE);
        String nsn = PHONES.getNationalSignificantNumber(ex);
        for (int i = 0; i < 1000; i++) {
            StringBuilder sb = new StringBuilder(nsn);
            for (int k = Math.max(2, sb.length() - 6); k < sb.length(); k++) {
                sb.setCharAt(k, (char) ('0' + rnd.nextInt(10)));
            }
            try {
                PhoneNumber n = PHONES.parse("+" + ex.getCountryCode() + sb, "ZZ");
                if (PHONES.isValidNumberForRegion(n, loc.country())) {
                    return n;
                }
            } catch (NumberParseException e) {
                // next
            }
        }
        return ex;
    }

    /** An identifier that looks like a national id or a customer number: letters and digits with separators. */
    static String identifier(Faker faker, Random rnd) {
        StringBuilder sb = new StringBuilder();
        switch (rnd.nextInt(3)) {
            case 0 -> { // passport-like: 2 letters + 7 digits
                sb.append((char) ('A' + rnd.nextInt(26))).append((char) ('A' + rnd.nextInt(26)));
                for (int i = 0; i < 7; i++) {
                    sb.append(rnd.nextInt(10));
                }
            }
            case 1 -> { // 3-2-4 digits
                sb.append(100 + rnd.nextInt(800)).append('-').append(10 + rnd.nextInt(90)).append('-')
                        .append(1000 + rnd.nextInt(9000));
            }
            default -> { // customer number: letters, dash, digits, letter
                sb.append("CU-");
                for (int i = 0; i < 8; i++) {
                    sb.append(rnd.nextInt(10));
                }
                sb.append((char) ('A' + rnd.nextInt(26)));
            }
        }
        return sb.toString();
    }

    /** {@code n} people spread over the locales round-robin, deterministic in the seed. */
    static List<Person> many(String idPrefix, int n, long seed, Set<String> taken) {
        List<Person> out = new ArrayList<>(n);
        Random rnd = new Random(seed);
        Faker[] fakers = new Faker[LOCALES.size()];
        for (int i = 0; i < fakers.length; i++) {
            fakers[i] = new Faker(Locale.forLanguageTag(LOCALES.get(i).tag()), new Random(seed * 31 + i));
        }
        for (int i = 0; i < n; i++) {
            int li = i % LOCALES.size();
            out.add(generate(idPrefix + i, LOCALES.get(li), fakers[li], rnd, taken));
        }
        return out;
    }

    static Set<String> newTaken() {
        return new HashSet<>();
    }
}
