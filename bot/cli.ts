/**
 * Command line for the engine (Node adapter): `check` a message, `eval` on labelled JSON lines,
 * `train` the classifier, `ask` the chat-bot a question, `eval-questions` on resident questions,
 * print the generated training `corpus` and its `families`. Output is JSON on stdout; mistakes get
 * a Chinese message and exit code 2.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from './analyze.ts';
import { loadAnswerIndexFromContent, loadKnowledgeFromContent } from './content-loader.ts';
import { prepareAnswers } from './answers/answer.ts';
import {
  judgeAnswer,
  parseQuestionLines,
  questionFigures,
  type LabelledQuestion,
} from './answers/evaluate.ts';
import { answerChat } from './chat.ts';
import { evaluateLevels, parseLabelledLines } from './evaluation.ts';
import type { Knowledge } from './types.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const USAGE = `用法：
  npm run --silent bot -- check "要检查的消息" [--paid]   检查一条消息，输出 JSON 结论（--paid 表示已经转账）
  npm run --silent bot -- eval 文件.jsonl                每行 {"text","label":"fraud"|"normal","type"?}，输出评估数字
  npm run --silent bot -- train                          训练分类器，写入 bot/model.json 并输出验证集数字
  npm run --silent bot -- corpus [--train|--dev|--ocr]   输出生成的训练语料（JSON 行；--dev 为留出的整类，--ocr 为模拟截图识别的聊天）
  npm run --silent bot -- families                       输出语料各类别及其公开来源（bot/data/FAMILIES.md）`;

class UsageError extends Error {
  override name = 'UsageError';
}

/** The built knowledge (dist/bot-knowledge.json) if there is one, else read from content/. */
function loadKnowledge(): Knowledge {
  const built = join(ROOT, 'dist', 'bot-knowledge.json');
  if (existsSync(built)) {
    try {
      return JSON.parse(readFileSync(built, 'utf8')) as Knowledge;
    } catch {
      // A half-written build output: fall back to the content itself.
    }
  }
  return loadKnowledgeFromContent(ROOT);
}

/**
 * The chat-bot as the server runs it, from content/ as it is now (not the last build), so an edit
 * to the content shows in the next answer.
 */
function loadChat() {
  const knowledge = loadKnowledgeFromContent(ROOT);
  const answers = prepareAnswers(loadAnswerIndexFromContent(ROOT));
  const areaCode = (
    JSON.parse(readFileSync(join(ROOT, 'content', 'site.json'), 'utf8')) as {
      areaCode?: string;
    }
  ).areaCode;
  return (q: string) =>
    answerChat([{ role: 'user', content: q }], knowledge, {}, { areaCode, answers });
}

function readQuestions(file: string | undefined): LabelledQuestion[] {
  if (!file) throw new UsageError('请在 eval-questions 后面给出一个 .jsonl 文件');
  if (!existsSync(file)) throw new UsageError(`找不到文件：${file}`);
  let questions: LabelledQuestion[];
  try {
    questions = parseQuestionLines(readFileSync(file, 'utf8'), file);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (questions.length === 0) throw new UsageError(`${file} 里没有问题`);
  return questions;
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check': {
      const paid = rest.includes('--paid');
      const words = rest.filter((a) => a !== '--paid');
      if (words.length === 0)
        throw new UsageError(
          '请在 check 后面加上要检查的消息，例如：npm run --silent bot -- check "您涉嫌洗钱"',
        );
      const unknown = words.find((w) => /^--\S/.test(w));
      if (unknown) throw new UsageError(`不认识的选项：${unknown}（只支持 --paid）`);
      print(analyze(words.join(' '), loadKnowledge(), { paid }));
      return;
    }
    case 'eval': {
      const file = rest[0];
      if (!file || rest.length > 1) throw new UsageError('请在 eval 后面给出一个 .jsonl 文件');
      if (!existsSync(file)) throw new UsageError(`找不到文件：${file}`);
      let examples;
      try {
        examples = parseLabelledLines(readFileSync(file, 'utf8'), file);
      } catch (err) {
        throw new UsageError(err instanceof Error ? err.message : String(err));
      }
      if (examples.length === 0) throw new UsageError(`${file} 里没有样例`);
      const knowledge = loadKnowledge();
      const levels = examples.map((e) => analyze(e.text, knowledge).level);
      print(evaluateLevels(examples, levels));
      return;
    }
    case 'ask': {
      const q = rest.join(' ').trim();
      if (!q)
        throw new UsageError(
          '请在 ask 后面加上问题，例如：npm run --silent bot -- ask "验证码能给吗"',
        );
      const r = loadChat()(q);
      print({ reply: r.reply, links: r.links, ...(r.pattern ? { pattern: r.pattern } : {}) });
      return;
    }
    case 'eval-questions': {
      const misses = rest.includes('--misses');
      const files = rest.filter((a) => a !== '--misses');
      if (files.length > 1) throw new UsageError('eval-questions 只接受一个文件（和 --misses）');
      const questions = readQuestions(files[0]);
      const ask = loadChat();
      const outcomes = questions.map((q) => judgeAnswer(q, ask(q.q)));
      print({
        ...questionFigures(outcomes),
        ...(misses
          ? {
              misses: outcomes
                .filter((o) => !o.right)
                .map(({ q, want, pages, answered }) => ({ q, want, pages, answered })),
            }
          : {}),
      });
      return;
    }
    case 'train': {
      if (rest.length > 0) throw new UsageError('train 不需要参数');
      // Imported here: training pulls in the corpus reader, which `check` never needs.
      const { runTraining } = await import('./train.ts');
      print(runTraining(ROOT));
      return;
    }
    case 'corpus': {
      const part = rest[0] ?? '--all';
      if (rest.length > 1 || !['--all', '--train', '--dev', '--ocr'].includes(part))
        throw new UsageError('corpus 只接受一个选项：--train、--dev 或 --ocr');
      const { generateCorpus, generateOcrSet, splitByFamily, DEFAULT_CORPUS_OPTIONS } =
        await import('./corpus/generate.ts');
      const all =
        part === '--ocr'
          ? generateOcrSet(DEFAULT_CORPUS_OPTIONS.seed, 60)
          : generateCorpus(DEFAULT_CORPUS_OPTIONS);
      const split = splitByFamily(all);
      const list = part === '--train' ? split.train : part === '--dev' ? split.dev : all;
      for (const m of list)
        process.stdout.write(
          `${JSON.stringify({ text: m.text, label: m.label, type: m.family })}\n`,
        );
      return;
    }
    case 'families': {
      if (rest.length > 0) throw new UsageError('families 不需要参数');
      const { FAMILIES, DEV_FAMILIES } = await import('./corpus/generate.ts');
      const { familiesMarkdown } = await import('./corpus/sources.ts');
      process.stdout.write(familiesMarkdown(FAMILIES, DEV_FAMILIES));
      return;
    }
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      if (command === undefined)
        throw new UsageError('请给出命令：check、eval、train、ask、eval-questions、corpus 或 families');
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      throw new UsageError(`不认识的命令：${command}`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`错误：${err.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`出错了：${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
