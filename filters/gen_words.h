/*
 * The built-in word lists of winnow gen: a small English vocabulary by part
 * of speech, topic vocabularies for the 17 IPTC top-level topics, name parts
 * for people, organisations and places, outlets and their page boilerplate.
 * The project wrote these lists itself. Every list is a NULL-terminated array
 * of static UTF-8 strings, most frequent first (gen.c gives them a Zipf-like
 * distribution by rank). Only filters/gen*.c use this header.
 *
 * Changing a list changes the generated corpus for every seed: the README
 * promises the same bytes for the same seed and version, not across versions.
 */
#ifndef WN_GEN_WORDS_H
#define WN_GEN_WORDS_H

/* Word categories, used as indexes into gen_word_lists[]. */
enum gen_cat {
	GEN_C_DET,   /* determiners */
	GEN_C_DETP,  /* determiners of plural nouns */
	GEN_C_ADJ,   /* adjectives */
	GEN_C_NOUN,  /* singular nouns */
	GEN_C_PLUR,  /* plural nouns */
	GEN_C_VERB,  /* past-tense transitive verbs */
	GEN_C_HVERB, /* present-tense verbs for headlines */
	GEN_C_PREP,  /* prepositions */
	GEN_C_ADV,   /* adverbs */
	GEN_C_CONJ,  /* conjunctions */
	GEN_C_TIME,  /* time phrases */
	GEN_C_SAY,   /* verbs of saying */
	GEN_C_PRON,  /* subject pronouns (quotes) */
	GEN_C_ROLE,  /* "spokesman for": a speaker's role, with its preposition */
	GEN_C_TOPIC, /* first topic vocabulary; GEN_C_TOPIC + t for topic t */
	GEN_NCATS = GEN_C_TOPIC + 17,
};

#define GEN_NTOPICS 17

extern const char *const *const gen_word_lists[GEN_NCATS];
/* Short stable topic names (arts, crime, ...), in IPTC code order. */
extern const char *const gen_topic_names[GEN_NTOPICS];
/* Relative frequency of each topic among stories, in percent-ish weights. */
extern const unsigned char gen_topic_weights[GEN_NTOPICS];

/* Entity name parts. */
extern const char *const gen_first_names[];
extern const char *const gen_last_names[];
extern const char *const gen_org_heads[];
extern const char *const gen_org_tails[];
extern const char *const gen_org_names[]; /* whole names */
extern const char *const gen_places[];
extern const char *const gen_misc[];

/* Outlets: a name per outlet. */
extern const char *const gen_outlet_names[];

/* Boilerplate pieces; "%s" (at most once) stands for the outlet name. */
extern const char *const gen_bp_nav[];
extern const char *const gen_bp_share[];
extern const char *const gen_bp_byline[];
extern const char *const gen_bp_related[];
extern const char *const gen_bp_support[];
extern const char *const gen_bp_comments[];
extern const char *const gen_bp_more[]; /* trimmed copies: "read the rest" lines */
extern const char *const gen_bp_notes[]; /* inserted paragraphs' lead-ins */

extern const char *const gen_month_names[12];
extern const char *const gen_day_names[7];

#endif
