// What the fixture sites show: the same two posts everywhere (a customer's complaint in French and the
// shop's announcement in English, Arabic with ?dir=rtl), a reply, and the videos of the YouTube page.
// The `parent` strings are what tests look for in the overlay's parent message (pages.mjs repeats them).

/** Post 1: the complaint a community manager must answer first. */
export const COMPLAINT = {
  author: 'Léa Moreau',
  lang: 'fr',
  text:
    "Ma commande n'est jamais arrivée… inadmissible. Trois semaines d'attente, deux mails sans réponse, " +
    "et le suivi affiche toujours « en préparation ». Je veux être remboursée.",
  parent: "Ma commande n'est jamais arrivée",
};

/** Post 2: the shop's own announcement; in Arabic on a right-to-left page. */
export const WORKSHOP = {
  author: 'Roue Libre',
  lang: 'en',
  text: 'Our Saturday repair workshop is back! Bring your bike, we bring the tools and the coffee. 10am–4pm at the Nantes shop.',
  parent: 'Saturday repair workshop',
  rtl: {
    lang: 'ar',
    text: 'ورشة إصلاح الدراجات تعود يوم السبت! أحضروا دراجاتكم، ونحن نوفّر الأدوات والقهوة. من العاشرة حتى الرابعة في متجر نانت.',
    parent: 'ورشة إصلاح الدراجات',
  },
};

/** The shop's answer under the complaint (second routes). */
export const ANSWER = {
  author: 'Roue Libre',
  lang: 'fr',
  text:
    "Bonjour Léa, toutes nos excuses pour ce retard. Pouvez-vous nous envoyer votre numéro de commande en " +
    "message privé ? Nous regardons ça aujourd'hui.",
  parent: 'toutes nos excuses pour ce retard',
};

/** A viewer's question under the second YouTube video. */
export const QUESTION = {
  author: 'Hugo B.',
  lang: 'fr',
  text: "Merci pour le tuto ! Par contre à 3:12, la vis de l'étrier c'est du 5 mm ou du 6 mm ? Je n'arrive pas à lire.",
  parent: "la vis de l'étrier",
};

/** The post's text, language and parent substring for this page's direction. */
export function localized(post, rtl) {
  const version = rtl && post.rtl ? post.rtl : post;
  return { text: version.text, lang: version.lang, parent: version.parent, dir: version.lang === 'ar' ? 'rtl' : 'auto' };
}

/** The YouTube watch pages: title and comments. */
export const VIDEOS = {
  first: { id: 'rl-crevaison', title: 'Réparer une crevaison en 5 minutes | Atelier Roue Libre', parent: 'Réparer une crevaison' },
  second: { id: 'rl-freins', title: 'Régler ses freins à disque sans outil spécial | Atelier Roue Libre', parent: 'Régler ses freins à disque' },
};
