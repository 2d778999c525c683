package io.lethe.erasure;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A made-up local news site for passage tests: pages whose article text is generated from invented names,
 * places and events, framed by the page furniture news sites carry (video notices, cookie banners,
 * external-link disclaimers, newsletter boxes, share bars, image credits, copyright lines). Every string
 * here was written for these tests; the outlets, people and places do not exist.
 *
 * <p>Two outlets with their own wording of the furniture: the Larkfield Gazette (many pages registered in
 * the tests) and the Morrow Valley Post (one page registered), so both "many registered passages share
 * it" and "only the background corpus knows it is furniture" are exercised. Deterministic in the seed.
 */
final class NewsFixtures {

    /** One page: its article paragraphs (the text a reproduction would repeat) and the whole page text. */
    record Page(List<String> paragraphs, String text) {

        String body() {
            return String.join(" ", paragraphs);
        }
    }

    /** How one outlet frames its articles. */
    record Outlet(String name, List<String> top, List<String> middle, List<String> bottom) {
    }

    static final Outlet GAZETTE = new Outlet("Larkfield Gazette",
            List.of("This video can not be played. To play this video you need to enable JavaScript in your browser.",
                    "We use cookies to give you the best experience on our website. By continuing to browse the site "
                            + "you are agreeing to our use of cookies. Find out more about how we use cookies.",
                    "Media playback is unsupported on your device."),
            List.of("Image source, Larkfield Gazette Pictures.",
                    "Image caption, The scene earlier today.",
                    "Sign up for our morning briefing and get the top stories from your area delivered straight to your inbox.",
                    "Advertisement. Story continues below."),
            List.of("The Larkfield Gazette is not responsible for the content of external sites. Read about our "
                            + "approach to external linking.",
                    "Share this article on Facebook, Twitter, WhatsApp or by email.",
                    "Related topics. More on this story. Top stories.",
                    "Copyright 2026 Larkfield Gazette Media Limited. All rights reserved."));

    static final Outlet POST = new Outlet("Morrow Valley Post",
            List.of("Sorry, your browser cannot show this clip. Please switch on JavaScript, or try a browser that "
                            + "supports it, to watch.",
                    "Our site stores small files on your device so that it works properly and so we can measure "
                            + "how it is used. You can accept all of them or choose which ones to allow."),
            List.of("Photograph: Morrow Valley Post staff.",
                    "Get the Post's evening newsletter: the day's headlines in your inbox at six o'clock, free.",
                    "Article continues after this advertisement."),
            List.of("Links to other websites are provided for information only; the Morrow Valley Post does not "
                            + "endorse them and cannot be held responsible for what they contain.",
                    "Follow us, share this story, leave a comment below.",
                    "All content copyright the Morrow Valley Post and its licensors. Reproduction without "
                            + "permission is prohibited."));

    private static final String[] FIRST = {"Aldous", "Brenna", "Caius", "Delphine", "Eamon", "Fenella", "Gideon",
            "Hester", "Ivo", "Juniper", "Kasimir", "Lavinia", "Magnus", "Nerys", "Oswin", "Perpetua", "Quillon",
            "Rosalind", "Severin", "Tamsin", "Ulric", "Verity", "Wystan", "Xanthe", "Yorick", "Zillah"};
    private static final String[] LAST = {"Ashcombe", "Brackenridge", "Culverhouse", "Dunmore", "Elsworth",
            "Fairweather", "Gorringe", "Hollowell", "Ingleby", "Jessop", "Kettleby", "Lumsden", "Marchbank",
            "Nettleford", "Ormerod", "Pendlebury", "Quarrington", "Rowbotham", "Stainforth", "Thwaite",
            "Underhill", "Vosper", "Wetherall", "Yelland"};
    private static final String[] TOWN = {"Lark", "Cold", "Ember", "Fallow", "Grims", "Hather", "Kings", "Otter",
            "Marl", "Nether", "Pelling", "Raven", "Sallow", "Thorn", "Wyvern", "Wester", "Brack", "Dun", "Elm",
            "Fern", "Gorse", "Holly", "Ivy", "Juniper", "Kestrel", "Linnet", "Moss", "Nettle", "Oak", "Plover"};
    private static final String[] TOWN_END = {"field", "harbour", "ton", "mere", "dyke", "leigh", "mead", "by",
            "edge", "cott", "ham", "scar", "wick", "lea", "combe", "ford", "stow", "bury"};
    private static final String[] ADJECTIVE = {"old", "new", "disused", "listed", "main", "rebuilt", "temporary",
            "Victorian", "village", "shared", "flood-hit", "popular"};
    private static final String[] ROLE = {"councillor", "head teacher", "shop owner", "retired engineer",
            "volunteer", "fire officer", "farmer", "midwife", "bus driver", "librarian", "club secretary",
            "parish clerk", "landlord of the Crown", "local historian"};
    private static final String[] THING = {"bridge", "library", "swimming pool", "bus route", "market hall",
            "primary school", "cricket pavilion", "community orchard", "level crossing", "health centre",
            "skate park", "allotments", "war memorial", "village green", "recycling depot"};
    private static final String[] EVENT = {"flooding", "a burst water main", "a fire in the early hours",
            "a funding shortfall", "vandalism", "a lorry crash", "storm damage", "subsidence", "a power cut",
            "a burglary", "a landslip", "a petition signed by hundreds"};
    private static final String[] DAY = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
            "Sunday"};
    private static final String[] MONTH = {"January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December"};
    private static final String[] FEELING = {"relieved", "furious", "disappointed", "delighted", "worried",
            "baffled", "heartbroken", "cautiously hopeful"};
    private static final String[] EXTRA = {"Police asked anyone with information to come forward.",
            "Nobody was hurt.", "The road was closed for several hours.", "A decision is expected next month.",
            "Residents have been invited to a public meeting.", "Repairs could take until the spring."};

    private final Random r;

    NewsFixtures(long seed) {
        this.r = new Random(seed);
    }

    private String pick(String[] a) {
        return a[r.nextInt(a.length)];
    }

    private String town() {
        return pick(TOWN) + pick(TOWN_END);
    }

    private String person() {
        return pick(FIRST) + " " + pick(LAST);
    }

    /** One invented sentence of local news: short constant stretches between invented names, places and numbers. */
    private String sentence() {
        String p = person();
        String t = town();
        String th = pick(ADJECTIVE) + " " + pick(THING);
        return switch (r.nextInt(12)) {
            case 0 -> "The " + th + " in " + t + " " + pick(new String[] {"was shut", "closed", "was fenced off",
                    "stayed closed"}) + " on " + pick(DAY) + " after " + pick(EVENT) + ".";
            case 1 -> p + ", a " + pick(ROLE) + " from " + t + ", " + pick(new String[] {"said", "told us",
                    "admitted"}) + " " + pick(new String[] {"neighbours", "most people", "the village", "families"})
                    + " felt " + pick(FEELING) + " about the " + th + ".";
            case 2 -> pick(new String[] {"About", "Nearly", "More than", "Some"}) + " " + (20 + r.nextInt(480))
                    + " people " + pick(new String[] {"turned out", "gathered", "came"}) + " in " + t + " to hear "
                    + pick(new String[] {"plans", "proposals", "an outline"}) + " for a new " + th + ", costing "
                    + (2 + r.nextInt(90)) + "0,000 pounds.";
            case 3 -> "\"We have waited " + (2 + r.nextInt(19)) + " " + pick(new String[] {"years", "months",
                    "winters"}) + ",\" " + p + " " + pick(new String[] {"told", "reminded", "warned"}) + " "
                    + pick(new String[] {"the meeting", "councillors", "the crowd"}) + ".";
            case 4 -> pick(new String[] {"Work", "Building", "Digging", "Repair work"}) + " on the " + th
                    + " began in " + pick(MONTH) + ", " + pick(new String[] {"according to", "said", "wrote"}) + " "
                    + p + ".";
            case 5 -> "The " + pick(new String[] {"county", "district", "borough"}) + " council "
                    + pick(new String[] {"said", "confirmed", "stated"}) + " " + pick(EVENT) + " near the " + th
                    + " at " + t + " " + pick(new String[] {"was under review", "had been reported",
                    "was being examined"}) + ".";
            case 6 -> p + " " + pick(new String[] {"first raised", "raised", "voiced"}) + " concerns about the "
                    + th + " in " + (2001 + r.nextInt(24)) + ", when " + pick(EVENT) + " left "
                    + (3 + r.nextInt(60)) + " homes " + pick(new String[] {"without water", "in the dark",
                    "cut off"}) + ".";
            case 7 -> pick(new String[] {"Children", "Pupils", "Volunteers"}) + " from " + t + " "
                    + pick(new String[] {"painted", "designed", "made"}) + " a " + pick(new String[] {"mural",
                    "banner", "sign"}) + " showing the " + pick(THING) + ".";
            case 8 -> pick(new String[] {"A spokesperson", "A spokesman", "The chairman"}) + " for " + t
                    + " called it " + pick(FEELING) + " news for " + pick(ROLE) + "s.";
            case 9 -> pick(EXTRA);
            case 10 -> "On " + pick(DAY) + " " + p + " walked " + (2 + r.nextInt(30)) + " miles from " + t
                    + " to " + town() + " for the " + th + ".";
            default -> pick(new String[] {"The", "A", "One"}) + " " + pick(ROLE) + ", " + p + ", "
                    + pick(new String[] {"is", "turned"}) + " " + (19 + r.nextInt(70)) + " "
                    + pick(new String[] {"this week", "today", "on Sunday"}) + ".";
        };
    }

    private String paragraph(int minWords) {
        StringBuilder sb = new StringBuilder();
        while (sb.toString().split("\\s+").length < minWords) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(sentence());
        }
        return sb.toString();
    }

    /** A page of the outlet: furniture at the top, between paragraphs and at the bottom, as scraped. */
    Page page(Outlet o) {
        List<String> paragraphs = new ArrayList<>();
        int n = 2 + r.nextInt(2);
        for (int i = 0; i < n; i++) {
            paragraphs.add(paragraph(30 + r.nextInt(25)));
        }
        StringBuilder text = new StringBuilder();
        text.append(o.top().get(r.nextInt(o.top().size()))).append('\n');
        for (int i = 0; i < n; i++) {
            text.append(paragraphs.get(i)).append('\n');
            if (i + 1 < n && r.nextBoolean()) {
                text.append(o.middle().get(r.nextInt(o.middle().size()))).append('\n');
            }
        }
        List<String> bottom = new ArrayList<>(o.bottom());
        for (int i = 0; i < 2; i++) {
            text.append(bottom.remove(r.nextInt(bottom.size()))).append('\n');
        }
        return new Page(List.copyOf(paragraphs), text.toString().strip());
    }

    private static final String[] FILLER = {"indeed", "really", "also", "then", "still", "quite", "very", "just",
            "perhaps", "certainly"};
    private static final String[] SUBSTITUTE = {"town", "place", "group", "people", "said", "new", "old", "the",
            "area", "plan", "work", "year"};

    /**
     * The text with one small edit every {@code minGap}–{@code maxGap} words: a word replaced, dropped, a
     * word inserted, or two neighbours swapped. Punctuation and line breaks between words are kept.
     */
    String edited(String text, int minGap, int maxGap) {
        String[] w = text.split(" ");
        List<String> out = new ArrayList<>();
        int next = minGap + r.nextInt(maxGap - minGap + 1);
        for (int i = 0; i < w.length; i++) {
            if (i == next && i + 1 < w.length) {
                switch (r.nextInt(4)) {
                    case 0 -> out.add(pick(SUBSTITUTE));
                    case 1 -> { }
                    case 2 -> {
                        out.add(pick(FILLER));
                        out.add(w[i]);
                    }
                    default -> {
                        out.add(w[i + 1]);
                        out.add(w[i]);
                        i++;
                    }
                }
                next = i + minGap + r.nextInt(maxGap - minGap + 1);
            } else {
                out.add(w[i]);
            }
        }
        return String.join(" ", out);
    }
}
