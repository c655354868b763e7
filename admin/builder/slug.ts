// ASCII ids from Japanese titles, so a clerk never types an id: 健康相談 → kenko-sodan.
// Kana are romanised (Hepburn, long vowels folded), common municipal words in kanji
// come from a small dictionary (longest match first), ASCII letters and digits are kept
// (full-width ones folded); anything else is dropped. When nothing is left the
// caller's fallback is used. Ids are made unique by a -2, -3… suffix.

const KANA: Record<string, string> = {
  あ: 'a', い: 'i', う: 'u', え: 'e', お: 'o', か: 'ka', き: 'ki', く: 'ku', け: 'ke', こ: 'ko',
  さ: 'sa', し: 'shi', す: 'su', せ: 'se', そ: 'so', た: 'ta', ち: 'chi', つ: 'tsu', て: 'te', と: 'to',
  な: 'na', に: 'ni', ぬ: 'nu', ね: 'ne', の: 'no', は: 'ha', ひ: 'hi', ふ: 'fu', へ: 'he', ほ: 'ho',
  ま: 'ma', み: 'mi', む: 'mu', め: 'me', も: 'mo', や: 'ya', ゆ: 'yu', よ: 'yo',
  ら: 'ra', り: 'ri', る: 'ru', れ: 're', ろ: 'ro', わ: 'wa', ゐ: 'i', ゑ: 'e', を: 'o', ん: 'n',
  が: 'ga', ぎ: 'gi', ぐ: 'gu', げ: 'ge', ご: 'go', ざ: 'za', じ: 'ji', ず: 'zu', ぜ: 'ze', ぞ: 'zo',
  だ: 'da', ぢ: 'ji', づ: 'zu', で: 'de', ど: 'do', ば: 'ba', び: 'bi', ぶ: 'bu', べ: 'be', ぼ: 'bo',
  ぱ: 'pa', ぴ: 'pi', ぷ: 'pu', ぺ: 'pe', ぽ: 'po', ゔ: 'vu',
  ぁ: 'a', ぃ: 'i', ぅ: 'u', ぇ: 'e', ぉ: 'o', ゃ: 'ya', ゅ: 'yu', ょ: 'yo', ゎ: 'wa',
};

/** Kanji words seen in municipal services and forms (reading without long-vowel marks). */
const WORDS: Record<string, string> = {
  確定申告: 'kakutei-shinkoku', 国民健康保険: 'kokumin-kenko-hoken', 予防接種: 'yobo-sesshu', 消費生活: 'shohi-seikatsu',
  マイナンバー: 'mynumber', 乳幼児: 'nyuyoji', 高齢者: 'koreisha', 外国人: 'gaikokujin', 体育館: 'taiikukan', 会議室: 'kaigishitsu',
  相談室: 'sodanshitsu', 図書館: 'toshokan', 公民館: 'kominkan', 説明会: 'setsumeikai', 証明書: 'shomeisho', 住民票: 'juminhyo',
  保育園: 'hoikuen', 幼稚園: 'yochien', 本庁舎: 'honchosha', 出張所: 'shutchojo', 弁護士: 'bengoshi', 保健師: 'hokenshi',
  栄養士: 'eiyoshi', 市役所: 'shiyakusho', 町役場: 'machiyakuba', 多目的: 'tamokuteki', 空き家: 'akiya', 子ども: 'kodomo',
  子育て: 'kosodate', 手続き: 'tetsuzuki', 申し込み: 'moshikomi', お知らせ: 'oshirase', 生年月日: 'seinengappi', 郵便番号: 'yubin-bango',
  電話番号: 'denwa-bango', 相談: 'sodan', 健康: 'kenko', 予約: 'yoyaku', 申込: 'moshikomi', 窓口: 'madoguchi', 交付: 'kofu',
  受取: 'uketori', 保健: 'hoken', 市民: 'shimin', 町民: 'chomin', 村民: 'sonmin', 区民: 'kumin', 確定: 'kakutei', 申告: 'shinkoku',
  税務: 'zeimu', 教室: 'kyoshitsu', 講座: 'koza', 検診: 'kenshin', 健診: 'kenshin', 診断: 'shindan', 結果: 'kekka', 栄養: 'eiyo',
  食事: 'shokuji', 育児: 'ikuji', 母子: 'boshi', 妊婦: 'ninpu', 介護: 'kaigo', 福祉: 'fukushi', 法律: 'horitsu', 無料: 'muryo',
  面談: 'mendan', 手続: 'tetsuzuki', 戸籍: 'koseki', 印鑑: 'inkan', 登録: 'toroku', 転入: 'tennyu', 転出: 'tenshutsu', 施設: 'shisetsu',
  利用: 'riyo', 貸出: 'kashidashi', 見学: 'kengaku', 説明: 'setsumei', 内容: 'naiyo', 電話: 'denwa', 番号: 'bango', 住所: 'jusho',
  人数: 'ninzu', 年齢: 'nenrei', 性別: 'seibetsu', 希望: 'kibo', 歯科: 'shika', 心理: 'shinri', 就労: 'shuro', 仕事: 'shigoto',
  消費: 'shohi', 生活: 'seikatsu', 住宅: 'jutaku', 粗大: 'sodai', 回収: 'kaishu', 防災: 'bosai', 訓練: 'kunren', 接種: 'sesshu',
  役所: 'yakusho', 庁舎: 'chosha', 支所: 'shisho', 駅前: 'ekimae', 地域: 'chiiki', 運動: 'undo', 体操: 'taiso', 料理: 'ryori',
  英語: 'eigo', 日本語: 'nihongo', 学習: 'gakushu', 教育: 'kyoiku', 学校: 'gakko', 保育: 'hoiku', 入園: 'nyuen', 入学: 'nyugaku',
  結婚: 'kekkon', 出生: 'shussei', 年金: 'nenkin', 保険: 'hoken', 税金: 'zeikin', 納税: 'nozei', 氏名: 'shimei', 名前: 'namae',
  目的: 'mokuteki', 用途: 'yoto', 連絡: 'renraku', 連絡先: 'renrakusaki', 備考: 'biko', 質問: 'shitsumon', 要望: 'yobo', 同意: 'doi',
  個人: 'kojin', 団体: 'dantai', 名称: 'meisho', 会場: 'kaijo', 会議: 'kaigi', 集会: 'shukai', 集会所: 'shukaijo', 広場: 'hiroba',
  公園: 'koen', 球場: 'kyujo', 庭球場: 'teikyujo', 競技場: 'kyogijo', 面: 'men', 全面: 'zenmen', 半面: 'hanmen', 第: 'dai',
  月曜日: 'getsuyobi', 火曜日: 'kayobi', 水曜日: 'suiyobi', 木曜日: 'mokuyobi', 金曜日: 'kinyobi', 土曜日: 'doyobi', 日曜日: 'nichiyobi',
  午前: 'gozen', 午後: 'gogo', 夜間: 'yakan', 休日: 'kyujitsu', 平日: 'heijitsu', 一般: 'ippan', 特別: 'tokubetsu', 臨時: 'rinji',
  定例: 'teirei', 出張: 'shutcho', 訪問: 'homon', 受付: 'uketsuke', 登記: 'toki', 経営: 'keiei', 創業: 'sogyo', 就職: 'shushoku',
  発達: 'hattatsu', 認知症: 'ninchisho', 障害: 'shogai', 障がい: 'shogai', 医療: 'iryo', 病院: 'byoin', 薬: 'kusuri', 心: 'kokoro',
  歯: 'ha', 税: 'zei', 室: 'shitsu', 館: 'kan', 会: 'kai', 市: 'shi', 町: 'machi', 村: 'mura', 区: 'ku', 日: 'hi', 月: 'tsuki',
  場: 'ba', 所: 'sho', 者: 'sha', 等: 'to', 他: 'hoka', 各種: 'kakushu', 総合: 'sogo', 生涯: 'shogai', 文化: 'bunka', 体育: 'taiiku',
  女性: 'josei', 男性: 'dansei', 親子: 'oyako', 家族: 'kazoku', 家庭: 'katei', 学生: 'gakusei', 職員: 'shokuin', 研修: 'kenshu',
  その他: 'sonota',
};
const WORD_LIST = Object.keys(WORDS).sort((a, b) => b.length - a.length);

/** Katakana → hiragana (same romanisation). */
const toHiragana = (s: string) => s.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));

/** Romanised words of a title: ['kenko', 'sodan'] for 健康相談. */
export function romanWords(text: string): string[] {
  const src = text.normalize('NFKC');
  const words: string[] = [];
  let cur = '';
  const flush = () => {
    if (cur) words.push(cur);
    cur = '';
  };
  for (let i = 0; i < src.length; ) {
    const word = WORD_LIST.find((w) => src.startsWith(w, i));
    if (word) {
      flush();
      words.push(...WORDS[word]!.split('-'));
      i += word.length;
      continue;
    }
    const ch = src[i]!;
    if (/[A-Za-z0-9]/.test(ch)) {
      // Letters and digits run together; a switch from kana to ASCII starts a new word.
      if (cur && !/[a-z0-9]$/.test(cur)) flush();
      cur += ch.toLowerCase();
      i++;
      continue;
    }
    const h = toHiragana(ch);
    if (h === 'っ' || h === 'ッ') {
      // Doubles the next consonant.
      const next = KANA[toHiragana(src[i + 1] ?? '')];
      if (next) cur += next[0];
      i++;
      continue;
    }
    if (h === 'ー') {
      i++;
      continue;
    }
    const base = KANA[h];
    if (base) {
      const small = toHiragana(src[i + 1] ?? '');
      if (/[ゃゅょ]/.test(small) && base.endsWith('i') && base.length > 1) {
        const y = KANA[small]!;
        cur += /^(shi|chi|ji)$/.test(base) ? base.slice(0, -1) + y.slice(1) : base.slice(0, -1) + y;
        i += 2;
        continue;
      }
      // Long vowels written out (ou, uu) are folded, as in kenko and sodan.
      if (base === 'u' && /[ou]$/.test(cur)) {
        i++;
        continue;
      }
      cur += base;
      i++;
      continue;
    }
    flush(); // spaces, punctuation, unknown kanji
    i++;
  }
  flush();
  return words;
}

const BLOCK_ID = /^[a-z][a-z0-9-]{0,62}$/;

/** A block or resource id (lower-case letters, digits, -), or `fallback` when the title gives nothing. */
export function blockSlug(title: string, fallback: string): string {
  let s = romanWords(title).join('-').replace(/-+/g, '-').slice(0, 40).replace(/-$/, '');
  if (s && !/^[a-z]/.test(s)) s = `${fallback}-${s}`;
  return BLOCK_ID.test(s) ? s : fallback;
}

/** The first of base, base-2, base-3… that is not taken (63 characters at most). */
export function uniqueId(base: string, taken: Iterable<string>, sep = '-'): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) {
    const id = `${base.slice(0, 60)}${sep}${n}`;
    if (!used.has(id)) return id;
  }
}

/** Well-known questions keep the ids the tenant's templates and ledgers expect (answers.name …). */
const FIELD_IDS: Record<string, string> = {
  氏名: 'name', 名前: 'name', お名前: 'name', 申込者氏名: 'name', 代表者氏名: 'name',
  ふりがな: 'kana', フリガナ: 'kana', よみがな: 'kana', ヨミガナ: 'kana', 氏名ふりがな: 'kana', 氏名フリガナ: 'kana',
  電話番号: 'phone', 電話: 'phone', 連絡先電話番号: 'phone', 日中の連絡先: 'phone',
  メールアドレス: 'email', メール: 'email', 住所: 'address', ご住所: 'address', 郵便番号: 'postalCode', 生年月日: 'birthdate',
  人数: 'people', 利用人数: 'people', 参加人数: 'people', 年齢: 'age', 性別: 'gender', 備考: 'note', 利用目的: 'purpose',
  相談内容: 'topic', ご相談の内容: 'topic', 相談の内容: 'topic', 相談したいこと: 'topic', その他の内容: 'otherDetail', その他: 'other',
  同意: 'consent', 同意事項: 'consent', 個人情報の取扱いへの同意: 'consent',
};

const FIELD_ID = /^[a-zA-Z][a-zA-Z0-9_]{0,62}$/;

/** A form field id (letters, digits, _; camelCase) from its label; `fallback` (e.g. q3) otherwise. */
export function fieldSlug(label: string, fallback: string): string {
  const plain = label.normalize('NFKC').replace(/\s+/g, '');
  const known = FIELD_IDS[plain];
  if (known) return known;
  const words = romanWords(label);
  let s = words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('').slice(0, 40);
  if (s && !/^[a-zA-Z]/.test(s)) s = `${fallback}${s}`;
  return FIELD_ID.test(s) ? s : fallback;
}

/** Choice values: その他 → other, はい → yes, else the romanised label. */
const CHOICE_VALUES: Record<string, string> = { その他: 'other', はい: 'yes', いいえ: 'no', あり: 'yes', なし: 'no', 有: 'yes', 無: 'no' };

export function choiceSlug(label: string, fallback: string): string {
  const plain = label.normalize('NFKC').trim();
  return CHOICE_VALUES[plain] ?? blockSlug(plain, fallback);
}
