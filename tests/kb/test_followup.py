"""Follow-ups resolved against the previous question without an LLM."""
from __future__ import annotations

from kb.followup import is_follow_up, resolve


def test_a_follow_up_swaps_its_subject_into_the_last_question():
    assert resolve("那外观设计呢？", ["发明专利权的期限是多久？"]) == "外观设计专利权的期限是多久？"
    assert resolve("著作权呢？", ["专利权质押登记由谁办理？"]) == "著作权质押登记由谁办理？"
    assert resolve("And a design patent?", ["How long is an invention patent protected in China?"]) == \
        "How long is a design patent protected in China?"
    assert resolve("And for trademarks?", ["How long does a patent last?"]) == "How long does a trademark last?"


def test_the_swapped_subject_reads_as_the_one_it_replaces():
    # "And for designs?" asks about design patents; "a designs" would also lose 专利法第四十二条's 外观设计专利权.
    assert resolve("And for designs?", ["How long is an invention patent protected in China?"]) == \
        "How long is a design patent protected in China?"
    assert resolve("What about invention patents?", ["How long does a trademark last?"]) == \
        "How long does an invention patent last?"
    assert resolve("And for utility models?", ["Are patents protected for 20 years?"]) == \
        "Are utility models protected for 20 years?"
    assert resolve("那实用新型呢？", ["发明专利的保护期多长？"]) == "实用新型专利的保护期多长？"


def test_a_follow_up_without_a_matching_subject_is_joined_to_the_last_question():
    resolved = resolve("And for unpaid rent under a finance lease?", ["What is the limitation period for patent claims?"])
    assert resolved == "What is the limitation period for patent claims — unpaid rent under a finance lease"


def test_a_question_that_stands_alone_is_left_as_asked():
    assert resolve("注册商标的有效期是多久？", ["发明专利权的期限是多久？"]) == "注册商标的有效期是多久？"
    assert resolve("那外观设计呢？", []) == "那外观设计呢？"
    assert not is_follow_up("Which court hears patent disputes in Beijing and what documents are needed to file?")


def test_a_follow_up_with_a_question_of_its_own_keeps_it():
    # Swapped into "What does the Civil Code say about pledging patents?", the authority asked was lost.
    assert resolve("And for copyrights, which authority registers the pledge?",
                   ["What does the Civil Code say about pledging patents?"]) == "Copyrights, which authority registers the pledge?"
    assert resolve("那外观设计专利的保护期多长呢？", ["发明专利权的期限是多久？"]) == "那外观设计专利的保护期多长呢？"
    # Without a question of its own, it still takes the last one's.
    assert resolve("And for copyrights?", ["What does the Civil Code say about pledging patents?"]) == \
        "What does the Civil Code say about pledging copyrights?"
