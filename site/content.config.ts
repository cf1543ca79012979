/**
 * Content collections: fraud-pattern explainers, scam alerts, exposure notices and plain pages.
 * A bad frontmatter fails the build with the file and the field named (Astro's zod errors).
 */
import { defineCollection, reference } from 'astro:content';
import { file, glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { siteConfig, ALL_DISTRICTS } from './lib/site-config.ts';
import { AUDIENCES, SEVERITIES, EXPOSURE_KIND_KEYS } from './lib/taxonomy.ts';
import { exposureValueProblem } from './lib/exposure-values.ts';

const audience = z.enum(AUDIENCES);
const district = z
  .string()
  .refine(
    (d) => d === ALL_DISTRICTS || siteConfig.districts.includes(d),
    `镇/街道必须是 content/site.json 的 districts 之一，或「${ALL_DISTRICTS}」`,
  );

/** A source for a stated fact: who said it, when, and where to read it. */
const source = z.object({
  /** Title of the article or document. */
  title: z.string(),
  /** Who published it (公安部, 新华社…). */
  publisher: z.string(),
  /** Publication date, YYYY-MM-DD. */
  date: z.coerce.date().optional(),
  /** Where to read it; plain text, never hot-linked media. */
  url: z.url().optional(),
});

const patterns = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/patterns' }),
  schema: z.object({
    /** Name shown as the page title, e.g. 冒充公检法诈骗. */
    title: z.string().min(2),
    /** URL segment, ASCII, e.g. impersonating-police. */
    slug: z.string().regex(/^[a-z0-9-]+$/, 'slug 只能用小写字母、数字和短横线'),
    /** One sentence a grandparent understands. */
    summary: z.string().min(10).max(90),
    /** Other names people use for this scam. */
    aliases: z.array(z.string()).default([]),
    /** Who is most at risk. */
    audiences: z.array(audience).min(1),
    /** Lower comes first on the home page and the list. */
    order: z.number().int().default(100),
    /**
     * Red flags: a short label and the typical phrases fraudsters use. The chat-bot learns its
     * pattern signals from these phrases, so write them as they appear in real messages.
     */
    redFlags: z
      .array(
        z.object({
          /**
           * Stable id, unique across explainers (lowercase, digits, hyphens). The engine's matchers
           * (bot/matchers.ts) are keyed by it; without one the flag is `<slug>-<n>`.
           */
          id: z
            .string()
            .regex(/^[a-z0-9-]+$/, 'id 只能用小写字母、数字和短横线')
            .optional(),
          label: z.string().min(2).max(20),
          phrases: z.array(z.string().min(2).max(20)).min(1),
          /** Why this is a warning sign, in one plain sentence. */
          reason: z.string().min(6),
        }),
      )
      .min(3),
    /** How it unfolds, step by step. */
    steps: z.array(z.string().min(4)).min(3),
    /** Sample scripts (话术) as fraudsters say or write them. */
    scripts: z.array(z.string().min(6)).min(2),
    /** What to do. */
    dos: z.array(z.string()).min(2),
    /** What never to do. */
    donts: z.array(z.string()).min(2),
    /** Related explainers. */
    related: z.array(reference('patterns')).default([]),
    /** Where the facts come from. */
    sources: z.array(source).min(1),
  }),
});

const alerts = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/alerts' }),
  schema: z
    .object({
      title: z.string().min(4),
      /** Issue date. */
      date: z.coerce.date(),
      /** After this date the alert leaves the home page (still listed, marked 已过期). */
      expires: z.coerce.date(),
      severity: z.enum(SEVERITIES),
      /** 镇/街道 it concerns, or ["全市"]. */
      districts: z.array(district).min(1),
      audiences: z.array(audience).min(1),
      /** Explainers of the scams it warns about. */
      patterns: z.array(reference('patterns')).default([]),
      /** One or two plain sentences shown in lists. */
      summary: z.string().min(10).max(120),
      /**
       * A made-up alert that shows how the site looks (the sample deployment). It is labelled 示例
       * on every page, in the RSS feed and in search, so no one reads it as real local news.
       */
      sample: z.boolean().default(false),
    })
    .refine((a) => a.expires >= a.date, { message: 'expires 不能早于 date', path: ['expires'] }),
});

const notices = defineCollection({
  loader: glob({ pattern: '**/*.{yaml,yml}', base: './content/notices' }),
  schema: z.object({
    /** Title of the official notice, e.g. 临清市公安局关于公布第一批涉诈号码的通告. */
    title: z.string().min(4),
    /** Who issued it. */
    issuer: z.string().min(2),
    date: z.coerce.date(),
    /** One or two sentences on what this notice is. */
    summary: z.string().min(6),
    /** Where the official text is published, if online. */
    url: z.url().optional(),
    /**
     * Sample data for the demo deployment: every entry is labelled 示例 where it is shown (pages,
     * look-up, bot knowledge), and its values must be ones no one can own (tests/unit/content-rules).
     */
    sample: z.boolean().default(false),
    entries: z
      .array(
        z.object({
          kind: z.enum(EXPOSURE_KIND_KEYS),
          /** The number, link, app name, account or name, unmasked: masking happens when shown. */
          value: z.string().min(2),
          /** Explainer of the scam it was used in. */
          pattern: reference('patterns').optional(),
          /** What it was used for, in a plain sentence. */
          note: z.string().min(4),
        }),
      )
      .min(1)
      // Each value must be what its kind says (a phone is a phone number), as the API checks.
      .superRefine((entries, ctx) =>
        entries.forEach((e, i) => {
          const problem = exposureValueProblem(e.kind, e.value);
          if (problem) ctx.addIssue({ code: 'custom', path: [i, 'value'], message: problem });
        }),
      ),
  }),
});

const pages = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/pages' }),
  schema: z.object({
    title: z.string().min(2),
    /** Meta description and the line under the title. */
    description: z.string().min(6).max(120),
    /** Date the text was last checked. */
    updated: z.coerce.date(),
    /** Sources of facts stated on the page. */
    sources: z.array(source).default([]),
  }),
});

/**
 * 常见问题 (content/faq/*.yaml): one file per group of short question → answer entries. They are
 * published on /faq/ and the chat-bot answers from them (bot/answers/). The entry with the id
 * `check-for-yourself` is the "how to check for yourself" the bot adds when asked to vouch.
 */
const faq = defineCollection({
  loader: glob({ pattern: '**/*.{yaml,yml}', base: './content/faq' }),
  schema: z.object({
    /** Heading of the group on the 常见问题 page. */
    title: z.string().min(2),
    /** Lower comes first. */
    order: z.number().int().default(100),
    entries: z
      .array(
        z
          .object({
            /** Anchor on the page (/faq/#id), ASCII. */
            id: z.string().regex(/^[a-z0-9-]+$/, 'id 只能用小写字母、数字和短横线'),
            /** The question as a resident asks it. */
            q: z.string().min(4).max(60),
            /** Other ways people ask the same thing (words, not whole sentences). */
            also: z.array(z.string().min(2).max(30)).default([]),
            /** The answer: short lines, at most 5, each a plain sentence. */
            a: z
              .string()
              .min(10)
              .refine((a) => a.split('\n').filter((l) => l.trim()).length <= 5, '回答最多 5 行'),
            /** The page the answer sends the reader on to (a page id such as hotlines). */
            page: reference('pages').optional(),
            /** Or the explainer it sends the reader on to. */
            pattern: reference('patterns').optional(),
            /** Where the facts come from: at least one. */
            sources: z.array(source).min(1),
          })
          .refine((e) => !(e.page && e.pattern), {
            message: 'page 和 pattern 只能填一个',
            path: ['pattern'],
          }),
      )
      .min(1),
  }),
});

/** Words an elderly reader may not know, each explained in plain words at /glossary/#<id>. */
const glossary = defineCollection({
  loader: file('content/glossary.yaml'),
  schema: z.object({
    /** ASCII anchor, e.g. jinji-zhifu: links point to /glossary/#jinji-zhifu. */
    id: z.string().regex(/^[a-z0-9-]+$/, 'id 只能用小写字母、数字和短横线'),
    /** The word as content writes it, e.g. 紧急止付. */
    term: z.string().min(2),
    /** One or two plain sentences. */
    plain: z.string().min(10).max(120),
    /** Where a legal or factual claim in the explanation comes from. */
    source: source.optional(),
  }),
});

export const collections = { patterns, alerts, notices, pages, faq, glossary };
