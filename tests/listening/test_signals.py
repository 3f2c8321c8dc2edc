"""Escalation signals: what tells the agent a message needs a particularly calm reply."""

import pytest

from reponse_cli.listening.signals import find_escalation


def categories(text: str) -> set[str]:
    return {signal.category for signal in find_escalation(text)}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Sinon je fais un signalement à l'Office de la protection du consommateur.", "authority"),
        ("Je pensais écrire à l'OPC avant de vous relancer.", "authority"),
        (
            "J'ai exposé la situation à l'UFC-Que Choisir, qui m'a conseillé de vous écrire.",
            "authority",
        ),
        ("À défaut, je me réserve la possibilité de saisir la juridiction compétente.", "legal"),
        ("Sinon les photos finissent sur votre page Facebook.", "public"),
        (
            "Sans réponse, je publie tout l'échange (noms, dates, captures) sur les réseaux.",
            "public",
        ),
        ("Je mettrai mon expérience sur les sites d'avis.", "public"),
        ("J'ai transmis le dossier à l'avocat de ma protection juridique.", "legal"),
        ("J'ai rendez-vous avec ma conseillère, elle m'a dit de contester le débit.", "bank"),
        (
            "Je vais poster les photos (la leur, la vraie, côte à côte) sur mon compte Insta.",
            "public",
        ),
        (
            "Le groupe des parents de l'école sera très intéressé de savoir comment vous faites.",
            "public",
        ),
        ("Faute de quoi je demanderai l'annulation du paiement à ma banque.", "bank"),
        ("Sinon le dossier part à la protection juridique de mon assurance.", "legal"),
        ("Je balance tout sur X ce soir.", "public"),
        ("Mes captures d'écran sont déjà sur Reddit.", "public"),
        ("Vous aurez l'avis que vous méritez.", "public"),
        (
            "Mes abonnés seraient curieux d'apprendre ça, je le dirai dans ma prochaine vidéo.",
            "public",
        ),
        ("Franchement vous êtes nuls.", "insult"),
        ("Sinon je raconte tout à l'émission conso de la RTS.", "public"),
        ("Je vais ajouter mon témoignage à ceux du forum.", "public"),
        ("Sans réponse d'ici lundi, je m'adresse à l'ombudscom.", "authority"),
        ("Je vais le dire en story à mes abonnées.", "public"),
        ("À défaut, notre conseil juridique prendra le relais.", "legal"),
        # The press and the programmes that take consumers' stories, named or not.
        ("J'ai envoyé tout le dossier à l'émission de Julien Courbet.", "public"),
        ("Sans nouvelles vendredi, mon histoire part à La Facture.", "public"),
        ("Je suis en lien avec un journaliste de la radio locale.", "public"),
        ("Votre service après-vente ferait un bon sujet de reportage.", "public"),
        ("Je prépare un thread avec les captures.", "public"),
        ("Je parlerai de votre boutique sur ma chaîne, lundi.", "public"),
        ("Je gère le groupe Facebook du quartier, 2 000 membres.", "public"),
        # Chargebacks and lawyers as they are typed.
        ("Sinon je fais oposition, tant pis.", "bank"),
        ("J'ai demandé à ma banque de récupérer les 80 €.", "bank"),
        ("Nous avons fait bloquer le prélèvement par notre banque.", "bank"),
        ("Mardi j'ai rendez-vous avec une avocas.", "legal"),
        ("Nous sommes vingt et nous préparons une action collective.", "legal"),
        ("Sans réponse, je vais aux petites créances.", "legal"),
        # Insults, including the ones the customer censored.
        ("Vous êtes des margoulins.", "insult"),
        ("Bande de rigolos, trois semaines pour un câble.", "insult"),
        ("Vos livreurs de m**** ont tout cassé.", "insult"),
        ("Sinon, je vais porté plinte.", "legal"),
        ("Je me réserve le droit d'engager une action pour le préjudice.", "legal"),
        ("Sinon ma banque fera le nécessaire.", "bank"),
        ("Je crois que vos autres clients aimeraient savoir ça.", "public"),
        ("La requête au juge est prête, le lien part ce soir sur le forum.", "legal"),
    ],
)
def test_threats_as_customers_write_them(text: str, category: str) -> None:
    assert category in categories(text)


def test_a_registered_letter_heading_is_how_it_was_sent_not_a_threat() -> None:
    letter = (
        "Lettre recommandée avec accusé de réception\n\nObjet : rétractation\n\n"
        "Madame, Monsieur,\nJe vous notifie ma décision de me rétracter de ce contrat.\n"
    )
    assert categories(letter) == set()
    assert categories("Prochaine étape : mise en demeure par lettre recommandée.") == {"legal"}


def test_advice_received_is_not_a_threat() -> None:
    assert (
        categories("Ma voisine m'a conseillé d'appeler l'UFC, mais je préfère vous écrire.")
        == set()
    )
    assert categories("Mon oncle, avocat, m'a toujours dit de garder mes factures.") == set()


def test_a_registered_letter_is_how_a_notice_is_sent_not_a_threat() -> None:
    assert categories("J'ai envoyé ma résiliation en recommandé le 3 octobre.") == set()
    assert categories("Je vous mets en demeure de livrer sous huit jours.") == {"legal"}


def test_the_law_quoted_from_an_authority_or_an_article_is_not_a_threat() -> None:
    assert categories("J'ai d'ailleurs vu qu'un article de Que Choisir en parlait.") == set()
    assert (
        categories("Comme la DGCCRF le rappelle, j'ai quatorze jours pour changer d'avis.") == set()
    )
    assert categories("J'aimerais régler ça sans aller jusqu'au procès.") == set()


def test_what_the_customer_will_not_do_or_someone_else_wanted_is_no_threat() -> None:
    assert categories("Ma sœur, qui est avocate, m'a dit de garder le bon de livraison.") == set()
    assert categories("Je n'irai évidemment pas au tribunal pour 12 €.") == set()
    assert categories("J'ai pas envie d'appeler l'UFC pour si peu.") == set()
    assert categories("Mon fils voulait que j'écrive à l'UFC, je préfère voir avec vous.") == set()
    assert categories("Ma banque m'a proposé de contester, je lui ai dit que non.") == set()


def test_a_calm_mention_said_as_people_type_it_is_no_threat() -> None:
    assert categories("Je vais pas aller au tribunal pour un câble à 9 €.") == set()
    assert categories("Ma banque dit que le virement met trois jours à arriver.") == set()
    assert categories("J'ai lu qu'on pouvait saisir un médiateur, je n'en suis pas là.") == set()
    assert categories("Libre à vous de saisir le juge si vous pensez avoir raison.") == set()
    assert categories("Je vous envoie la facture en pièce jointe.") == set()
    assert categories("Le son de ma chaîne hi-fi grésille.") == set()
    assert categories("**URGENT** le colis n'est pas arrivé") == set()
    assert categories("Un prélèvement « PAY*SHOP » que je ne connais pas.") == set()
    assert categories("Je vous écris car le poste de radio ne s'allume plus.") == set()
    assert categories("J'ai lu dans un magazine conso que la garantie dure deux ans.") == set()
    assert categories("Ma carte a été volée, j'ai porté plainte, quelqu'un l'utilise.") == set()
    assert categories("Je reçois une « relance avant mise en demeure » pour rien.") == set()
    assert categories("Le club convient aux amateurs de vin.") == set()
    assert categories("Le pull a des manches trop courtes.") == set()


def test_a_police_report_the_shop_asked_for_is_not_a_threat() -> None:
    assert categories("Le vendeur me demande de porter plainte pour le colis.") == set()
    text = "Le transporteur exige une plainte. Je suis passé à la police pour le colis, sans suite."
    assert categories(text) == set()
    assert categories("J'ai déposé plainte contre X pour le piratage, pas contre vous.") == set()


def test_a_complaint_against_a_thief_for_the_insurer_is_not_aimed_at_the_shop() -> None:
    text = "J'ai porté plainte pour le vol, et mon assureur attend la facture pour m'indemniser."
    assert categories(text) == set()


def test_a_sentence_wrapped_by_the_mail_client_is_read_whole() -> None:
    wrapped = (
        "Si je n'ai rien d'ici vendredi, je poste les photos du\n"
        "carton vide sur votre page Facebook.\n"
    )
    assert "public" in categories(wrapped)
    # a new line starting with a capital is still a new sentence
    assert categories("Vous êtes sur Facebook\nMon colis est vide.") == set()


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Je vais voir ce que disent les associations.", "authority"),
        ("Si rien ne bouge, j'irai demander à une asso de consommateurs.", "authority"),
        ("Vous aurez de mes nouvelles.", "legal"),
        ("Ça ne va pas en rester là.", "legal"),
        ("Mon beau-frère est avocat.", "legal"),
        ("Je suis prête à aller jusqu'au juge pour 80 €.", "legal"),
        ("On s'expliquera devant un conciliateur.", "legal"),
        ("Je ferai savoir comment vous traitez vos clients.", "public"),
        ("Je vais faire tourner ça sur les réseaux.", "public"),
        ("Plus jamais chez vous et je le dirai.", "public"),
        ("Si je n'ai rien lundi, j'en parlerai à tout le monde autour de moi.", "public"),
        ("S'il n'y a pas de remboursement, je passe par ma banque.", "bank"),
        ("Je n'hésiterai pas à demander une rétrofacturation.", "bank"),
        ("Vous êtes des arnaqeurs.", "insult"),
        ("Service client incompétant.", "insult"),
    ],
)
def test_an_intention_and_a_target_make_a_threat_neither_alone_does(
    text: str, category: str
) -> None:
    assert category in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Je ne veux pas porter plainte, je veux juste mon colis.",
        "Je vais régler ça sans avocat, j'en suis sûre.",
        "L'association des parents d'élèves m'avait offert ce bon.",
        "Les réseaux de la Poste sont saturés, paraît-il.",
        "Je vous ferai savoir si ça marche.",
        "Je vais laisser un avis cinq étoiles si tout s'arrange.",
        "Ma sœur est avocate et passe son temps à se moquer de moi.",
        "J'aurai besoin de la facture pour ma banque.",
        "Emballage minable, mais l'article est conforme.",
        "Je vais appeler ma banque pour vérifier si le paiement est bien passé.",
        "Je vais contacter ma banque afin de savoir pourquoi j'ai deux lignes.",
    ],
)
def test_a_calm_or_annoyed_message_is_no_threat(text: str) -> None:
    assert categories(text) == set()
