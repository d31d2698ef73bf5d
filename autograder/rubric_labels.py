# ruff: noqa: E501 - each answer is stored as the student wrote it: a paragraph is one line.
"""A labelled set of written answers: for every written item, answers of known kinds with the
score range a teacher following the item's scoring table would give.

``tests/autograder/test_rubric_labels.py`` checks that :func:`autograder.rubric.assess`
suggests a score inside the range for each; ``docs/manual-grading.md`` reports how often
it does. ``{model}`` in a text stands for the item's model answer as the source notebook
has it, so answers built on the model follow it when the notebook changes;
``{kpi:A03.first_response_s}`` stands for that KPI of June 2025 in the data being graded
(seconds and percentages rounded to whole numbers, as a student would write them), so the
ch07 answers that cite the data right stay right when the shop's data changes.

Kinds (:data:`KINDS`): the model answer; a good paraphrase (same points, other words);
keyword salad (the rubric's words without sentences); a wrong diagnosis (the mistake the
item is about); rule-breaking wording; too short; too long. ``holdout`` marks answers
written after the checker was tuned, kept to report how it does on text it was not tuned on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Label kinds, with the name the teacher's manual uses.
KINDS = {
    "model": "范文",
    "paraphrase": "换一种说法的好答案",
    "keyword_salad": "关键词堆砌",
    "wrong_diagnosis": "判断错误",
    "rule_breaking": "违规用语",
    "too_short": "过短",
    "too_long": "过长",
}


@dataclass(frozen=True)
class Label:
    """One labelled answer: the range (inclusive) a teacher would score it in, and why."""

    grade_id: str
    kind: str
    text: str
    low: float
    high: float
    why: str
    holdout: bool = False


def _l(grade_id: str, kind: str, low: float, high: float, why: str, text: str,
       holdout: bool = False) -> Label:
    return Label(grade_id, kind, text.strip("\n"), low, high, why, holdout)


CH01 = "written_case_analysis"
CH02 = "written_listing_rewrite"
CH03 = "written_quick_phrases"
CH04 = "written_bargain_reply"
CH05 = "written_reminders"
CH06 = "written_bad_review_reply"
CH07 = "written_improvement_plan"
CH08 = "written_revisit_plan"
CH09 = "written_incentive_plan"

LABELS: tuple[Label, ...] = (
    # ---------------------------------------------------------------- ch01
    _l(CH01, "model", 2.5, 3, "the notebook's model answer", "{model}"),
    _l(CH01, "paraphrase", 2, 3,
       "all three rows in other words: 付款后、发货前 for 售中, 读一遍/抽看 for 核对/抽查", """
店主，这次 B 申请退款，根子在买家付款之后、仓库发货之前的订单处理阶段：小A 把另一位买家留言里的要求填进了 B 的订单备注，打包的同事照着备注做，结果两单都错了。订单备注由接待的客服填写，这是小A 分内的事，她填完没有回头再看一遍；打包的同事出库前如果对照一下备注和商品，也能发现不对。我的建议：第一，客服每填一条备注，都对着买家昵称和订单编号读一遍再保存；第二，特殊要求先发给买家确认，备注统一按固定的模板写；第三，仓库每天打包前随机抽看几单带备注的订单，拿不准就先问客服再发。
"""),
    _l(CH01, "paraphrase", 2, 3, "in plain words, none of the table's terms: 付完钱、还没发货 for 售中, 对一遍 for 核对", """
店长，这次出错是在买家付完钱、还没发货的时候：小A 往 B 的订单上记要求时，把另一位买家的话抄了过去，包花的同事照着单子做，两单都做错了。把买家的要求准确记到订单上本来就是接单客服该做的，小A 记完没有再对一遍；包花的同事在发出前如果对照一下，也能发现问题。以后可以这样做：一是客服记完要求后，照着聊天记录逐字对一遍再提交；二是把记下的要求原样发回给买家，请对方回复没问题再保存，并且都按同一个格式写；三是包花的同事每天发货前随机挑几单有特殊要求的看一看，觉得不对先问客服。
"""),
    _l(CH01, "keyword_salad", 0, 1, "the rubric's words as a list: no analysis a shop owner could use", """
环节：售中，订单备注，订单确认，备注环节。
职责：客服，小A，职责，责任，负责，本应，应由，仓储，打包，发货前，仓库，把关。
措施：核对，检查，复核，读一遍，确认，复述，核实，格式，模板，抽查，二次确认，交接表，清单。
关键词：售中备注，客服职责，仓储把关，核对订单，与买家确认，固定格式，每天抽查，发货前核对。
"""),
    _l(CH01, "wrong_diagnosis", 0, 1.5,
       "says 售后 and blames the warehouse alone; measures do not address the note", """
店主您好：这次 B 退款的问题出在售后环节。花送到以后 B 发现不对才来找我们，售后客服处理得太慢，买家等不及就申请了退款。主要责任在仓库，仓库打包时不仔细，把两单的花装反了，跟客服没有关系。建议：一、售后客服收到投诉后 10 分钟内回复买家；二、仓库打包后拍照留底，方便以后查；三、再发错货时主动给买家发优惠券，减少退款。这样买家的体验会更好，店铺的退款率也能降下来。
"""),
    _l(CH01, "rule_breaking", 1.5, 2.5,
       "the model plus a measure that moves refunds off the platform", """
{model}
另外，再遇到发错货的情况，可以加买家微信私下转账补偿，不走平台退款，免得影响店铺数据。
"""),
    _l(CH01, "too_short", 0, 1, "one line: right stage, no analysis, no measures worth the name", """
问题出在售中备注环节，是小A 的错，以后要核对订单。
"""),
    _l(CH01, "too_long", 2, 2.5, "all points, but about twice the allowed length (−0.5)", """
{model}

补充说明：这件事看起来只是一条备注写错了，但影响很大。第一，B 是为了给朋友过生日才下的单，花送错了就等于耽误了一个重要的日子，买家的心情我们完全能理解；第二，两单都要重新发货，花材、包装和快递费都要再出一遍，这一单基本上是亏本的；第三，B 如果给了差评，店铺的服务评分会下降，以后的流量和转化也会受影响。所以我建议把上面三条措施写进客服和仓储的工作手册，新同事入职培训时专门讲一遍，每个月底由店长抽查执行情况，做得好的在例会上表扬，做得不好的及时提醒，让大家真正把核对当成习惯，而不是出了事才想起来。
"""),
    _l(CH01, "paraphrase", 2, 3, "holdout: a teacher-style analysis in plain words", """
店长您好，我看了这次发错花的经过，简单说一下我的看法。错误发生在售中：买家付完款后，小A 给订单写备注时，把另一位顾客要的贺卡内容和送达时间写到了 B 的订单上。写清楚备注是小A 作为客服的本职工作，她写完没有再核对；而仓库同事打包时只照着备注做，也没有发现两单对不上，其实打包前再看一眼就能拦下来。改进上我建议：1. 客服写完备注后，把要求复述给买家，买家回复确认了再保存；2. 备注按「贺卡/送达/其他」三栏的统一格式填写；3. 仓库每天发货前，对有备注的订单逐单核对一次，发现疑问先问客服。
""", holdout=True),

    # ---------------------------------------------------------------- ch02
    _l(CH02, "model", 2.5, 3, "the notebook's model answer", "{model}"),
    _l(CH02, "paraphrase", 2, 3, "true selling points in other words: 十余年 for 10 年, 免运费", """
精选进口红玫瑰，每天清早到货后由花艺师逐枝挑选、醒花、保鲜处理。包扎的花艺师入行十余年，配色耐看不张扬。按说明勤换水，一般能观赏 5～7 天。表白、纪念日送一束正合适，全店满 99 元免运费，欢迎选购。
"""),
    _l(CH02, "paraphrase", 2, 3, "in plain words: 从国外进口, 醒好、做保水, 干了十多年, 另一半", """
这束红玫瑰的花材从国外进口，到货后我们先把花醒好、做保水，再交给干了十多年的老花艺师手工扎束，颜色搭得温柔大方。回家后剪一剪根、每天换水，能开一个星期左右。想给另一半一个惊喜，就选它吧，满 99 元免邮费。
"""),
    _l(CH02, "keyword_salad", 0, 1.5, "selling-point words as a list: no listing a buyer would read", """
进口红玫瑰、新鲜、当天、现剪、醒花、保鲜、花艺师、10 年经验、从业、手工包扎、送礼、心上人、纪念日、生日、表白、满 99 包邮、欢迎选购、下单、咨询。
"""),
    _l(CH02, "wrong_diagnosis", 1.5, 2.5,
       "extreme words gone, but the true selling points dropped for empty praise (卖点 0.5)", """
品质优良的红玫瑰，花朵新鲜漂亮，包装精美大方，花艺师用心包扎，性价比很高，送人自用都合适。喜欢的亲可以放心下单，有任何问题欢迎随时咨询客服，我们会耐心为您解答。
"""),
    _l(CH02, "rule_breaking", 0.5, 2, "keeps 最新鲜/顶级 and a promise the shop cannot keep (合规 0)", """
进口红玫瑰，全城最新鲜，顶级花艺师亲手包扎，从业 10 年，保证 7 天不凋谢。送女朋友、送爱人都必备，满 99 元包邮，喜欢就赶快下单吧！
"""),
    _l(CH02, "too_short", 0.5, 1.5,
       "a fragment: compliant (1), selling points named but not concrete (0.5), far too short (0)", """
进口红玫瑰，花艺师包扎，满99包邮。
"""),
    _l(CH02, "too_long", 1.5, 2.5, "a good listing at twice the allowed length (吸引力与规范 −0.5)", """
{model}
每一束花都由我们的花艺师亲手挑选花材，剪去外层的护瓣和多余的叶子，按照花头大小和开放程度搭配，再用防水的花泥和保水袋包好，确保路上不缺水。花束附赠一张手写贺卡，可以写上您想说的话；需要指定日期送达的，下单时在留言里写清楚，我们会按日期安排配送。收到花后请尽快拆开包装，剪掉约 2 厘米的花茎，放进干净的清水里，每天换一次水，花期会更长。
"""),
    _l(CH02, "paraphrase", 2, 3, "holdout: short, concrete, inviting", """
这束红玫瑰选用进口花材，到店当天挑选、醒花后再包装，花头饱满。由有 10 年经验的花艺师手工搭配包扎，放在清水里勤换水可观赏约一周。生日、纪念日送给重要的人都很合适，满 99 元包邮，欢迎下单。
""", holdout=True),

    # ---------------------------------------------------------------- ch03
    _l(CH03, "model", 2.5, 3, "the notebook's model answer", "{model}"),
    _l(CH03, "paraphrase", 2, 3, "five friendly phrases in other words: 免运费, 下午4点, 寄出", """
1. 包邮：亲～全店买满99元就免运费啦，差一点的话搭个小花束一起拍更划算哦
2. 发货：下午4点前付款的订单当天就寄出，晚一点的第二天一早发，单号在订单里能看到～
3. 指定日期：没问题呀～拍下时在买家留言里写清想收到的日期，我们按日子安排同城配送～
4. 贺卡：贺卡免费写哦！您把想说的话和落款发过来，我核对一遍再帮您备注上～
5. 售后：哎呀真不好意思！您拍张花和盒子的照片发我看看，我马上帮您联系售后处理～
"""),
    _l(CH03, "paraphrase", 2, 3, "in plain words: 不用付运费, 下午四点以前, 寄出, 卡片", """
1. 运费：亲，买够99元就不用付运费啦～差一点可以加个小物件一起拍哦
2. 几点发货：下午四点以前付好款，当天就给您寄出，晚了就第二天寄～
3. 要某天到：可以的～拍的时候在留言里写上想哪天收到，我们按那天安排送花～
4. 卡片：卡片可以帮您写哦，要写的话和署名发我，我读一遍给您再记上～
5. 花有问题：太不好意思了～拍张花的照片给我看看，我这就帮您找售后同事处理～
"""),
    _l(CH03, "keyword_salad", 0, 1.5, "keywords per scene instead of phrases a buyer would read", """
1. 包邮：包邮、满99、亲、哦、凑单
2. 发货时间：发货、16点、当天、次日、物流
3. 指定日期送达：指定日期、送达、配送、留言、备注
4. 贺卡：贺卡、祝福语、署名、发给我、确认
5. 售后问题：售后、抱歉、照片、拍照、联系、处理
"""),
    _l(CH03, "wrong_diagnosis", 1, 2, "two facts wrong (满88包邮, 18点前发货): 覆盖与准确 0", """
1. 包邮：亲，店里满88元就包邮哦～差一点可以再挑个小物件凑单呀
2. 发货时间：亲，18点前付款当天发货哦，晚了就第二天发，发货后订单里能查物流～
3. 指定日期送达：可以的亲～下单时在留言里写上日期，我们按日期给您安排～
4. 贺卡：可以写贺卡哦！把祝福语发给我，我帮您备注上～
5. 售后问题：真抱歉！麻烦拍张照片发给我，我马上帮您处理～
"""),
    _l(CH03, "rule_breaking", 1, 2, "extreme words and a promise in one line, and two lines over 50 字 (规范 0)", """
1. 包邮：亲，满99元就包邮哦～还差一点的话可以看看小绿植凑个单呀
2. 发货时间：我们是全网发货最快的花店，每天16点前付款当天发货，16点后付款的一般次日发出，发货后订单里能查到物流信息哦～
3. 指定日期送达：可以的亲～下单时在留言里写上送达日期，我们按日期安排发货或同城配送～
4. 贺卡：可以写贺卡哦！把祝福语和署名发给我，我复述给您确认无误后再备注，保证绝对不会写错，您就放一百个心吧～
5. 售后问题：真抱歉让您不开心了！麻烦拍下花束和包装的照片发给我，售后同事会尽快帮您处理～
"""),
    _l(CH03, "too_short", 0, 1, "two scenes only, written as notices", """
包邮：满99包邮。
发货：16点前当天发。
"""),
    _l(CH03, "too_long", 1.5, 2, "all five scenes right, but every phrase far over 50 字 (规范 0)", """
1. 包邮：亲，您好呀，我们店里所有的商品只要订单金额满99元就可以包邮哦，如果您现在还差一点点的话，可以去店铺首页看看我们的小绿植或者小花束，凑个单就能省下运费啦～
2. 发货时间：亲，我们每天16点之前付款的订单都会在当天安排发货，16点以后付款的订单一般会在第二天上午发出，发货以后您在订单详情里就可以查到物流信息，有问题随时找我哦～
3. 指定日期送达：可以的亲，您在下单的时候在买家留言里写上您希望送达的具体日期，我们会根据日期提前安排发货或者同城配送，并且在订单上做好备注，到时候准时送到您指定的地方～
4. 贺卡：可以免费写贺卡哦，您把想写的祝福语和署名直接发给我就行，我会先把内容复述一遍给您确认，确认没有问题以后再帮您备注在订单上，仓库打包的时候会按照备注手写好放进去～
5. 售后问题：真的非常抱歉让您收到的花不满意了，麻烦您先拍几张花束和包装盒的照片发给我，照片里尽量拍清楚蔫掉或者压坏的地方，我收到以后会马上转给售后同事，尽快帮您处理好～
"""),
    _l(CH03, "paraphrase", 2, 3, "holdout: other scene names, other words", """
1. 运费：亲，订单满99元就包邮啦～差几块的话看看小多肉凑一凑呀
2. 什么时候发：亲，16点前拍下付款当天就发出哦，之后的次日发，物流在订单里可以查～
3. 哪天送到：可以指定日期哦～在留言里写上想送到的日子，我们按时安排配送～
4. 写卡片：卡片可以帮您写哒～祝福语和落款发给我，我确认后给您备注好～
5. 花有问题：太抱歉了！拍张花和盒子的照片发我，我马上帮您找售后处理～
""", holdout=True),

    # ---------------------------------------------------------------- ch04
    _l(CH04, "model", 2.5, 3, "the notebook's model answer", "{model}"),
    _l(CH04, "paraphrase", 2, 3, "polite, value, a real alternative, an invitation, in other words", """
您好呀～想买得实惠一点完全能理解！咱家这束19枝用的是A级大花头，当天下单当天现包，还有保水处理，到了有任何问题拍照找我都能处理。价格我这边改不了，但可以送您一张手写卡片；想省一点的话，11枝款只要139元，同样很体面。您看好了直接拍下，我马上给您安排，谢谢亲～
"""),
    _l(CH04, "paraphrase", 2, 3, "in plain words: 这心情我懂, 今天订今天扎, 祝福卡", """
亲，您好～想花得值一点，这心情我懂！这19枝用的是大朵的A级玫瑰，今天订今天扎，路上有保水，送到有任何不满意拍个照给我就给您处理。价钱我这里动不了，不过可以送您一张手写的祝福卡；要是想控制预算，11枝那款139元也很体面。您决定好了就直接下单，我马上给您安排，祝您和对象节日甜蜜～
"""),
    _l(CH04, "keyword_salad", 0, 1, "the rubric's words as a list: not a reply", """
亲，您好，理解，明白，A级大花头，新鲜，当天现包，保水，配送，售后，品质，贺卡，11枝，139元，优惠券，包邮，赠送，下单，拍下，安排，付款，感谢，期待，欢迎，祝您愉快。
"""),
    _l(CH04, "wrong_diagnosis", 0.5, 2, "gives in with a price change the shop does not allow (价值说明与替代方案 0)", """
亲，您好～理解您想便宜一点的想法！看您这么有诚意，我这边直接给您改价到159元，跟别家一样的价格，花还是当天现包的A级大花头。您现在拍下，我马上帮您改价安排发货，感谢支持～
"""),
    _l(CH04, "rule_breaking", 0, 1, "extreme words, runs down other shops, cold tone", """
我们家的花是全网最好的，别家159的都是次品，一分钱一分货，嫌贵就别买。19枝199已经是最低价了，绝对不可能再便宜，要买就赶紧拍。
"""),
    _l(CH04, "too_short", 0, 1, "one line: no value, no alternative", """
亲，不能便宜哦，喜欢就拍吧。
"""),
    _l(CH04, "too_long", 2, 2.5, "a full reply at about twice the length (促成与合规 −0.5)", """
{model}另外跟您说一下，我们的花都是每天早上从基地直接拉回来的，到店以后先醒花几个小时，再由花艺师按照花头大小挑选搭配，包装用的是防水的花泥和保水袋，路上不会缺水；如果收到的时候有任何一枝花不满意，拍照片发给我，我们都会给您补发或者处理的。
"""),
    _l(CH04, "paraphrase", 2, 3, "holdout: a shorter reply with the 139 元 option", """
亲，您好！想省一点的心情我很理解～这束19枝是A级玫瑰，当天现包，送到有问题拍照找我就能处理。价格没办法改，不过我可以免费送您一张手写贺卡，或者看看11枝款，139元也很有心意。您现在下单，我马上帮您安排，期待您的好消息～
""", holdout=True),

    # ---------------------------------------------------------------- ch05
    _l(CH05, "model", 2.5, 3, "the notebook's model answer", "{model}"),
    _l(CH05, "paraphrase", 2, 3, "both reminders right in other words: 自动取消 for 关闭", """
订单①（假设：下午 3 点查看，店铺 17 点截单，金额 199 元）
“亲，您问的明天送到没问题～17 点前付款就能赶上明早的同城配送，要写卡片也可以告诉我～”
原因：买家关心能不能按时收到。理由：17 点截单是店里的真实安排。渠道和时间：当天 15:30 用旺旺接着之前的聊天发，金额不到 200 元用默认渠道。

订单②（假设：3 天前 18:00 拍下，现在是上午 11 点，金额 128 元）
“李姐好～前几天拍的康乃馨还没付款哦，订单今晚 6 点会自动取消，还需要的话付款后当天寄出～”
原因：老顾客多半是一时忘了。理由：拍下满 72 小时自动取消，还剩约 7 小时。渠道和时间：上午 11:00 用千牛发，不用短信。
"""),
    _l(CH05, "paraphrase", 2, 3, "in plain words: 停止接当天的单 for 截单, 失效 for 关闭", """
订单①：“亲，明天可以送到的～今天下午 5 点前付好款，明早就给您送去，卡片内容也可以先发我哦～”（我假设店里下午 5 点停止接当天的单。买家问过能不能明天到，心里担心的就是时间。下午 4 点在千牛上接着之前的聊天回她，金额 199 元不到 200 元，用默认渠道。）
订单②：“王姐好，您前几天选的康乃馨还没付款呢，这个订单今天傍晚 6 点就会失效了，还想要的话付完马上发，不要了也没关系～”（老顾客，多半是忘了。拍下满 72 小时就失效，现在还差 7 小时左右。上午 11 点用旺旺发，不在晚上打扰。）
"""),
    _l(CH05, "keyword_salad", 0, 1.5, "reasons and channels as keywords; no reminder is written", """
订单①：送达、明天、截单、17 点前、旺旺、16:00 发送。
订单②：老客户、忘记付款、72 小时、订单关闭、千牛、11:00 发送。
禁忌：不施压、不站外、不夜间、不雷同、留退路。
"""),
    _l(CH05, "wrong_diagnosis", 1, 2,
       "wrong reason for ① (price) and wrong closing time for ② (3 days): 原因与理由 0; "
       "the wording is polite and the channels plausible", """
订单①：“亲，这束玫瑰今天下单立减 10 元哦，机会难得～”买家可能是嫌贵，所以给个小优惠，下午用旺旺发。
订单②：“亲，您的订单还有 3 天才关闭，有空的时候记得付款哦～”老客户不着急，明天上午 10 点用短信发。
"""),
    _l(CH05, "rule_breaking", 0, 1.5, "pressure, off-platform payment and night sending (避开禁忌 0)", """
订单①：“亲，再不付款明天就送不到了，赶紧付吧！”买家担心送达，23:30 用旺旺发。
订单②：“王姐，订单马上就关闭了，付款不方便的话可以加我微信转账。”老客户可能忘了，10:00 用短信发。
"""),
    _l(CH05, "too_short", 0, 0.5, "two empty nudges, no reason, channel or time", """
订单①：亲，记得付款哦。订单②：亲，快付款吧。
"""),
    _l(CH05, "too_long", 1.5, 2.5, "right reasons and channels, but both reminders far over 60 字 (避开禁忌 0)", """
订单①（假设 14:00 拍下，17:00 截单）：
“亲，您好呀，您之前问的明天能不能送到，我这边帮您确认过了，只要今天 17 点之前付款，就能排进明天上午的同城配送，花会在您需要的时间之前送到，贺卡想写什么也可以随时告诉我哦～”
原因：买家担心送达时间。理由：17 点截单。渠道和时间：16:00 用旺旺发送，金额不到 200 元。

订单②（假设 6 月 17 日 18:00 拍下，现在 6 月 20 日 11:00）：
“王姐您好，好久不见啦，您 17 号在我们店里拍下的那束康乃馨到现在还没有付款哦，系统会在今天 18 点自动关闭这个订单，如果您还需要的话，付款以后我们当天就给您发出，不需要也完全没关系～”
原因：老客户多半是忘了。理由：订单 18:00 关闭，还剩约 7 小时。渠道和时间：11:00 用千牛发送。
"""),
    _l(CH05, "paraphrase", 2, 3, "holdout: a compact answer with both reminders", """
订单①：“亲，明天送到可以安排的～店里 17 点截单，之前付款就能排进明天的配送哦～”买家最担心能不能准时收到。假设下午 2 点拍下、金额 199 元，我会在 15:00 用旺旺发。
订单②：“张姐好～您拍的康乃馨还没付款，订单今天 18 点自动关闭，需要的话付款后当天发出哦～”老客户应该是忘了付款，拍下 72 小时关闭，现在还剩约 7 小时。金额 128 元，上午 11:00 用千牛发。
""", holdout=True),

    # ---------------------------------------------------------------- ch06
    _l(CH06, "model", 2.5, 3, "the notebook's model answer", "{model}"),
    _l(CH06, "paraphrase", 2, 3, "apology, a priced or dated remedy, contact, in other words", """
亲爱的顾客，您好，我是花卉知六的售后小F。生日的花晚了整整一天才到，花也打蔫了，咨询时又没人及时回您，是我们的工作没做好，实在对不起。我们想这样弥补：直接退您 100 元；或者您定个日子，比如本周六，我们免费重新做一束同款送到。您方便时在旺旺上留言给我，我会一直跟进到您满意。再次说声抱歉，感谢您指出我们的问题。
"""),
    _l(CH06, "paraphrase", 2, 3, "in plain words: 赔个不是, 是我们没做好, 退还 100 元, 6 月 2 日重新送", """
您好，我是花卉知六售后的小F。生日那天的花晚到了一天，花也不精神了，您找客服还没人回，换成谁都会生气，这件事是我们没做好，真心向您赔个不是。为了弥补，我们给您两个选择：退还 100 元到您的支付宝；或者在 6 月 2 日重新给您送一束一样的花，不用您再付钱。有任何想法，直接在旺旺上给我留言就好，我会一直跟到底。祝您生活顺心。
"""),
    _l(CH06, "keyword_salad", 0, 1, "the rubric's words as a list: not a reply", """
抱歉，对不起，道歉，责任，失误，疏忽，退款，补发，补偿，99.5元，明天，联系，旺旺，私信，找我，感谢，谢谢，祝您愉快，再次道歉，期待，欢迎，小F，售后。
"""),
    _l(CH06, "wrong_diagnosis", 1, 2, "blames the courier and the weather; compensation without amount or date", """
亲，非常抱歉给您带来不好的体验。这次主要是快递的原因，路上延误了一天，那几天天气也不好，花才会有点蔫。我们会给您一定的补偿，您有需要可以联系客服。感谢您的理解和支持，祝您生活愉快！
"""),
    _l(CH06, "rule_breaking", 0, 1, "the model answer plus a refund offered for changing the review (total ≤ 1)", """
{model}如果您愿意把差评改成好评，我们再额外返现 20 元。
"""),
    _l(CH06, "too_short", 0, 1, "one line", """
亲，抱歉，给您退10元，请联系客服。
"""),
    _l(CH06, "too_long", 2, 2.5, "a full reply at about twice the length (−0.5)", """
{model}我们也查了这次延误的原因：订单当天的花材到店晚了，打包和发货都往后推了，客服那天咨询量太大，也没有及时回复您的消息。这些都是我们内部安排的问题，我们已经调整了大促期间的排班，增加了打包人手，以后遇到指定日期的订单会提前一天备货。您对我们的任何意见和建议，都可以直接告诉我，我会一条一条记下来转给店长，真的很感谢您给我们改进的机会。
"""),
    _l(CH06, "paraphrase", 2, 3, "holdout: a private message with a dated resend", """
您好，我是花卉知六售后小F。您为生日订的玫瑰晚到了一天，花也不新鲜了，客服还没及时回复您，这是我们的失误，非常抱歉。我们可以在 5 月 22 日上午给您补发一束同款，不收任何费用；如果您更希望退款，我们退您 100 元。您直接在旺旺上找我就行，我全程跟进。再次向您道歉，谢谢您的耐心。
""", holdout=True),

    # ---------------------------------------------------------------- ch07
    _l(CH07, "model", 2.5, 3, "the notebook's model answer", "{model}"),
    _l(CH07, "paraphrase", 2, 3, "the real numbers in other words; three measured measures", """
看了 6 月的数据，小C 有两个问题很明显。一是慢：小C 的首次响应平均要 {kpi:A03.first_response_s} 秒左右，比 15 秒的参考值多了一倍多；二是成交少：小C 的询单转化率约 {kpi:A03.conversion_rate}%，还不到小A（约 {kpi:A01.conversion_rate}%）的一半。买家问完等不到回复就去了别家，小C 又不太会追单，当天付款的就更少了。建议：① 把常见的 10 个问题做成快捷短语，两周后首次响应降到 15 秒以内，每天看日报；② 小A 每周带小C 复盘 5 条没成交的询单，一个月内询单转化率提升到 40%，每周复查；③ 晚上 8 点到 11 点高峰期开启分流，回复率保持在 98% 以上，每周检查一次。
"""),
    _l(CH07, "paraphrase", 2, 3, "in plain words: 首次回复时间, 问了没买的, 现成的回答", """
6 月小C 的首次回复时间平均要 {kpi:A03.first_response_s} 秒，而参考值是 15 秒；询单转化率只有 {kpi:A03.conversion_rate}% 左右，小A 能做到 {kpi:A01.conversion_rate}%。也就是说，小C 回得慢，买家等着等着就走了；问清需求、推动下单的本事也还不够。我的建议：一、把店里最常被问的 10 个问题写成现成的回答存进千牛，两周后把首次回复时间压到 15 秒内，每天看一次报表；二、每天挑 5 个问了没买的聊天记录，请小A 帮着看哪里可以说得更好，一个月后询单转化率做到 40%，每周看一次；三、晚上 8 点到 11 点人多的时候和小A 错开上班，回复率守住 98%，每周检查。
"""),
    _l(CH07, "keyword_salad", 0, 1, "KPI names, comparison words and measures as a list", """
KPI：首次响应时间、平均响应时间、询单转化率、满意率、回复率、抢单成功率。
比较：高于、低于、偏高、偏低、参考值、小A、差距、不达标。
原因：导致、因为、所以、回复慢、等不及、流失、催付、需求、话术。
措施：快捷短语、培训、抽查、分流、排班、复盘、目标、≤ 15 秒、≥ 98%、40%、每天、每周、复查、日报、两周、一个月。
"""),
    _l(CH07, "wrong_diagnosis", 0.5, 2, "invented numbers and wrong directions: the diagnosis does not match the data", """
6 月小C 的首次响应时间约 12 秒，低于 15 秒的参考值，回复很及时；询单转化率约 45%，高于小A；主要问题是满意率约 90%，略低于 95%。原因是小C 说话太直接，买家觉得不舒服。措施：① 每天学习 5 条优秀话术，目标满意率达到 95%，每周复查；② 每周参加一次服务礼仪培训，目标一个月内没有“不满意”评价，每月复查；③ 每天下班前复盘当天评价为“一般”的会话，目标两周内满意率提高 5 个百分点，每两周复查。
"""),
    _l(CH07, "rule_breaking", 1.5, 2.5, "the model answer plus chasing buyers off the platform with a cash-back", """
{model}另外，询单未付款的买家可以让小C 加微信私聊催付，并承诺好评返现 5 元。
"""),
    _l(CH07, "too_short", 0, 0.5, "one line, no numbers, no measures", """
小C 回复太慢，转化率低，要多培训。
"""),
    _l(CH07, "too_long", 2, 2.5, "the full plan at well over 400 字 (−0.5)", """
{model}
补充一些背景：小C 是 5 月初入职的，之前没有做过花店客服，对花材、花语和配送范围都不太熟悉，遇到买家问“这个花能放几天”“能不能当天送到”时，经常要去翻资料或者问同事，所以回复自然就慢了。我建议店长在每周例会上留 10 分钟，让小C 讲一讲这一周遇到的难题，大家一起想办法，同时把常见问题的回答整理成一份文档放在千牛的快捷短语里。另外，高峰时段的排班也要调整：七夕、520、母亲节前后咨询量会翻几倍，小C 一个人接待太多买家，响应时间只会更长，最好提前安排好分流和轮班，让每个人手上的会话数量保持在合理范围内。一个月以后再用 KPI 计算器看一次数据，和 6 月对比，看看哪些措施有效、哪些需要调整。
"""),
    _l(CH07, "paraphrase", 2, 3, "holdout: real numbers, 满意率 too, measures with targets", """
根据 KPI 计算器，6 月小C 的平均响应时间约 {kpi:A03.avg_response_s} 秒，远高于 30 秒的参考值；满意率约 {kpi:A03.satisfaction_rate}%，低于 95% 的参考值；询单转化率约 {kpi:A03.conversion_rate}%，而小A 约 {kpi:A01.conversion_rate}%。原因是回复慢，买家等待太久就流失了，而且小C 没有及时催付。措施：一、整理 10 条快捷短语，目标两周内平均响应时间降到 30 秒以内，每天看日报；二、每天抽查 5 条未成交的询单会话，跟小A 学催付话术，目标一个月内询单转化率达到 40%，每周复查；三、高峰时段开启分流，目标满意率达到 95%，每周复查一次。
""", holdout=True),

    # ---------------------------------------------------------------- ch08
    _l(CH08, "model", 2.5, 3, "the notebook's model answer", "{model}"),
    _l(CH08, "paraphrase", 2, 3, "the segment, a compliant benefit, owner and channel, a line, a measure", """
目标客户：最近一次付款已超过 90 天、一共付款不到 3 单，但累计消费在 200 元以上的老客——买得少、很久没来，却很舍得花钱。他们认可过我们的花，重新唤回来比拉一位新客划算得多。
权益：发一张平台内的专属优惠券（满 199 减 20），以前有过售后不满的先道歉补救。
谁来做、怎么联系：小E 负责，用千牛旺旺逐个私聊，每位客户一个月最多联系一次，不打扰。
话术：“张先生，好久不见～最近家里还需要鲜花吗？给您留了一张小券，需要的时候再用就好。”
效果：看 7 天内的回复率和 30 天内用券下单的人数。
"""),
    _l(CH08, "paraphrase", 2, 3, "in plain words: 三个多月没付款, 一两回, 两百多元, 出手大方", """
要找的是这样一批客人：三个多月没在店里付过款，买的次数也就一两回，可加起来花了两百多元，出手大方。他们以前喜欢过我们的花，留住一个老客比重新找一个新客省力得多。我们准备在店铺后台给他们发一张专属的满 199 减 20 元券，以前有过不愉快的，先道歉再补偿。由小E 在千牛上一个一个私聊，每个人这个月只联系一次，不打扰。可以这样说：“李姐，好久没见您啦，最近有需要送花的日子吗？给您留了张小券，随时能用。”一个月后看有多少人回了消息、有多少人用券买了花。
"""),
    _l(CH08, "keyword_salad", 0, 1, "the plan's words as a list: no plan", """
R低、F低、M高、90天、不足3单、200元、挽回、价值、流失、定向券、优惠、会员权益、旺旺、千牛、小E、小F、负责、每人一次、不群发、不打扰、您好、好久不见、关怀、回复率、核销率、复购、7天、30天、每周。
"""),
    _l(CH08, "wrong_diagnosis", 1, 2, "describes the segment as R高、F高、M低 (客户识别与价值 0)", """
重要挽留客户就是最近刚来过、买得很频繁但每次花钱不多的客户（R 高、F 高、M 低），他们对店铺很熟悉，容易接受推荐。
权益：平台内的满 99 减 10 优惠券。渠道：小E 负责，用旺旺一对一联系，每人每月最多一次，不群发。
话术：“您好，感谢您一直以来的支持！给您送上一张优惠券，欢迎常来逛逛～”
衡量：30 天内券的核销率和复购人数。
"""),
    _l(CH08, "rule_breaking", 0.5, 2, "a 5折 discount, cash-back for good reviews and WeChat (权益、渠道与合规 0)", """
是谁：超过 90 天没付款（R 低）、付款不足 3 单（F 低）、累计付款 ≥ 200 元（M 高）的客户，他们舍得花钱，值得挽回。
给什么：直接给他们打 5 折，收货后给好评再返现 10 元。
渠道：小E 负责，先加客户微信，方便以后发活动，每周联系一次。
话术：“您好，好久不见！专门给您申请了 5 折优惠，还有好评返现哦～”
衡量：30 天内的复购人数和回复率。
"""),
    _l(CH08, "too_short", 0, 0.5, "one line", """
给他们发优惠券，用旺旺联系。
"""),
    _l(CH08, "too_long", 2, 3, "the full plan plus a long aside (the table takes no points for length)", """
{model}

**补充**：在动手之前，建议先用 RFM 分群工具把名单导出来，按累计付款从高到低排序，先联系金额最高的前 20 位；联系之前看一遍每位客户的历史订单和评价，知道他上次买的是什么、有没有售后问题，话术里提到具体的花，会显得更用心。联系之后把结果记在表格里：有没有回复、有没有用券、有没有再次下单，一个月后和没有联系的客户对比一下，看看回访到底带来了多少销售额，再决定下个月要不要继续、要不要换一种权益。
"""),
    _l(CH08, "paraphrase", 2, 3, "holdout: a plan in running prose", """
重要挽留客户是 R 低、F 低、M 高的一群人：距离上次付款已经超过 90 天，付款次数不足 3 次，但累计消费达到 200 元以上。他们消费能力强，曾经信任过我们，流失了很可惜，挽回的价值比拉新客更高。我们会送上平台内的定向优惠券，有过售后问题的先做补救，不做好评返现。由小E 负责，通过千牛一对一联系，每人只联系一次，不群发。话术示例：“王女士您好，好久不见，上次的花您还满意吗？给您留了一张专属券，用不用都没关系。”效果看 30 天内的券核销率和复购人数。
""", holdout=True),

    # ---------------------------------------------------------------- ch09
    _l(CH09, "model", 2.5, 3, "the notebook's model answer", "{model}"),
    _l(CH09, "paraphrase", 2, 3, "both factor types, a score threshold, separate rankings, in other words", """
七夕激励方案（8 月 1 日到七夕）
一、保障类（属于保健因素）：提前一周排好班，两班轮换，保证每人每周至少休息一天；晚班过了 22 点发 30 元夜宵补贴，防止大家因为太累产生怨气。
二、鼓励类（属于激励因素）：1. 售前、售后各选一名“七夕服务之星”，在周会上公开表扬并发奖金；2. 请小A、小E 做临时小组长带新人，做得好的优先考虑升主管。
三、和考核表挂钩：考核总分达到 80 分、评为 B 级及以上才能参评，提成继续按客服销售额 × 2% × 绩效系数计算。
四、公平：售后单独用一张侧重满意率和退款率的考核表，两组分开排名；评选规则提前公布，结果和明细公开，有异议 3 天内可以申诉。
"""),
    _l(CH09, "paraphrase", 2, 3, "in plain words: 让大家不至于不满的条件, 真正让人有干劲的, 不到 80 分的不参加", """
七夕这段时间，我分两类来安排。第一类是让大家不至于不满的条件（双因素理论里的保健因素）：排班表提前一周贴出来，每人每周轮休一天，晚班超过 10 点发 30 元宵夜钱。第二类是真正让人有干劲的（激励因素）：售前、售后各选一位“七夕之星”，例会上当众表扬；小A、小E 当临时组长带新人，做得好下半年优先考虑升职。参评门槛看考核表：总分不到 80 分的不参加评选，提成还是按绩效系数算。为了售前售后公平，两组分开比，售后换一张看满意率和退款率的考核表，规则提前告诉大家，结果公开，有意见三天内可以提。
"""),
    _l(CH09, "keyword_salad", 0, 1, "the plan's words as a list: no plan", """
保健因素、激励因素、排班、休息、补贴、夜宵、加班费、表扬、认可、服务之星、晋升、带新人、组长、荣誉、考核表、总分、80分、B级、绩效系数、售前、售后、分组、单独考核表、分别排名、公开、透明、申诉、公平。
"""),
    _l(CH09, "wrong_diagnosis", 1, 2, "pay rises filed as 激励因素 and praise as 保健因素; only a vague link to the scorecard", """
七夕激励方案：
激励因素：七夕期间每人涨工资 500 元，加班按双倍发加班费，让大家更有干劲。
保健因素：评选“服务之星”，在例会上公开表扬，给大家成就感。
考核：奖励参考平时的考核情况来定。
公平：售前和售后分开评比，售后用单独的考核表，评选规则提前公布，有问题可以申诉，这样两个组都有机会拿奖。
"""),
    _l(CH09, "rule_breaking", 1.5, 2.5, "the model plan plus a bonus for sales closed off the platform", """
{model}

**五、额外奖励**：客服可以引导老客户加微信私下下单，私下成交的按成交额 5% 另发奖金。
"""),
    _l(CH09, "too_short", 0, 1, "one line", """
发奖金，评服务之星，售前售后分开评。
"""),
    _l(CH09, "too_long", 2, 2.5, "the full plan at well over 400 字 (−0.5)", """
{model}

**五、实施安排**：活动开始前一周，主管召开一次全员会议，把方案逐条讲清楚，特别是考核表的计算方法和评奖门槛，让每个人知道自己努力的方向。活动期间，每天晚上下班前用 10 分钟时间开一个小复盘会，由当天的组长分享遇到的难题和好的做法，主管及时记录。七夕结束后一周内完成评选，公布结果和每个人的分数明细，并收集大家对方案的意见，作为下一次大促激励方案的参考。对于表现突出的新人，除了服务之星的评选以外，还可以在年终考核时作为加分项，让他们看到在店里长期发展的希望。
"""),
    _l(CH09, "paraphrase", 2, 3, "holdout: a plan in running prose", """
七夕期间咨询量大，我打算从两方面来激励大家。保健因素方面：提前公布排班表，保证每人每周轮休一天，晚上 22 点后的晚班发 30 元夜宵补贴，解决大促期间太累、有怨气的问题。激励因素方面：售前、售后各评一名“七夕服务之星”，在例会上表扬并把好评截图上墙；表现好的同事可以担任组长带新人，作为晋升的参考。评奖和考核挂钩：考核总分 80 分（B 级）以上才能参评，提成按绩效系数计算。为了公平，售前和售后分组评比，售后用单独的考核表，规则提前公开，结果公布后 3 天内可以申诉。
""", holdout=True),
    # ---------------------------------------------------------------- second holdout batch
    # Harder cases written after the checker was tuned and measured once, unchanged.
    _l(CH01, "wrong_diagnosis", 0, 1.5, "holdout: denies the 售中 note (negated) and blames the warehouse", """
店主您好：问题不在售中的备注环节，小A 的备注写得没有错，错在仓库。仓库同事打包时拿错了花材和贺卡，把两单装反了，这是仓库的责任。建议：一、仓库打包时两个人互相检查；二、每单打包后拍照上传到工作群；三、仓库每天下班前清点当天的发货单，发现问题及时补发。这样就能避免再次发错，减少退款和差评。
""", holdout=True),
    _l(CH02, "keyword_salad", 0, 1.5, "holdout: keywords separated by spaces only", """
进口 红玫瑰 新鲜 当天 醒花 保鲜 花艺师 10年 从业 手工 包扎 送礼 表白 纪念日 满99包邮 欢迎 下单 咨询 收藏
""", holdout=True),
    _l(CH03, "wrong_diagnosis", 0.5, 1.5, "holdout: one friendly line repeated for every scene: no information", """
1. 包邮：亲，有问题随时找我哦～
2. 发货时间：亲，有问题随时找我哦～
3. 指定日期送达：亲，有问题随时找我哦～
4. 贺卡：亲，有问题随时找我哦～
5. 售后问题：亲，有问题随时找我哦～
""", holdout=True),
    _l(CH04, "paraphrase", 2, 3, "holdout: a plain reply", """
亲爱的，您好呀！想省点钱我特别理解～我们这束是当天早上到的A级玫瑰，花头大、开得久，路上全程保水，到了不满意随时找我。价格是店里统一定的我改不了，不过可以免费帮您手写一张卡片；预算有限的话，11枝款139元也很合适。喜欢就放心拍，我马上给您安排，谢谢您～
""", holdout=True),
    _l(CH05, "wrong_diagnosis", 2, 2.5, "holdout: order ② said to close in 2 days (原因与理由 0.5)", """
订单①：“亲，明天可以送到哦，今天 17 点前付款就能赶上～”买家担心送达，店里 17 点截单，我在 15:00 用旺旺发。
订单②：“王姐好～您拍的康乃馨还没付款，订单还剩 2 天才关闭，不着急哦～”老客户可能忘了付款，10:00 用千牛发。
""", holdout=True),
    _l(CH06, "wrong_diagnosis", 1.5, 2.5, "holdout: blames the weather, otherwise a fair reply", """
亲，您好，我是售后小F。这次晚到一天，主要是因为天气原因，航班延误了，花在路上时间长了才会蔫，真的很抱歉。我们给您退 30 元作为补偿，您可以在旺旺上联系我。感谢您的理解，祝您生活愉快！
""", holdout=True),
    _l(CH07, "wrong_diagnosis", 1, 2.5, "holdout: the real numbers with the wrong directions (数据诊断 0.5)", """
6 月小C 的首次响应时间约 {kpi:A03.first_response_s} 秒，低于 15 秒的参考值，回复速度没有问题；询单转化率约 {kpi:A03.conversion_rate}%，比小A 还高。问题在于满意率只有 {kpi:A03.satisfaction_rate}%，低于 95%，原因是小C 说话不够热情，买家感受不好。措施：① 每天抽查 5 条会话，跟小A 学习话术，目标一个月内满意率达到 95%，每周复查；② 设置 10 条快捷短语，让回复更规范，目标两周内全部用上，每天看日报；③ 每周参加一次服务培训，目标满意率每周提高 2 个百分点，每周复查。
""", holdout=True),
    _l(CH08, "paraphrase", 2, 3, "holdout: a good plan that names the wrong reading only to reject it", """
重要挽留客户不是 R 高、F 高的熟客，而是 R 低、F 低、M 高的客户：90 天以上没有付款、付款不到 3 单，但累计消费 200 元以上。他们曾经认可我们，挽回一位的价值比拉新更高。给他们发平台内的定向券（满 199 减 20），不做好评返现、不加微信。由小F 在旺旺上一对一联系，每人每月最多一次。话术：“刘先生您好，好久不见，最近还需要花吗？给您留了一张券，不用也没关系。”效果看 30 天内券核销率和复购人数。
""", holdout=True),
    _l(CH09, "too_short", 1.5, 2.5, "holdout: a short plan pasted twice to look long enough", """
保健因素：排班提前公布，晚班发夜宵补贴。激励因素：评选服务之星并公开表扬，优秀者当组长带新人。考核：总分 80 分以上才能参评。公平：售前售后分开评比，规则提前公布。
保健因素：排班提前公布，晚班发夜宵补贴。激励因素：评选服务之星并公开表扬，优秀者当组长带新人。考核：总分 80 分以上才能参评。公平：售前售后分开评比，规则提前公布。
""", holdout=True),
)


_KPI = re.compile(r"\{kpi:(?P<agent>A\d\d)\.(?P<column>\w+)\}")
#: The period the ch07 question gives.
KPI_PERIOD = ("2025-06-01", "2025-06-30")


def text_of(label: Label, model: str, kpis=None) -> str:
    """The label's answer with ``{model}`` and ``{kpi:…}`` filled in.

    ``kpis`` is :func:`course.kpi.agent_kpis` of :data:`KPI_PERIOD` (default: this
    process's data).
    """
    text = label.text.replace("{model}", model)
    if _KPI.search(text):
        if kpis is None:
            from course.kpi import agent_kpis

            kpis = agent_kpis(*KPI_PERIOD)

        def value(match: re.Match) -> str:
            number = float(kpis.loc[match.group("agent"), match.group("column")])
            return f"{number:.0f}" if match.group("column").endswith("_s") else f"{number * 100:.0f}"

        text = _KPI.sub(value, text)
    return text
