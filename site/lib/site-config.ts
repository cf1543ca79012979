/**
 * The city configuration (content/site.json), validated once with zod so a wrong field fails the
 * build with a message naming it. Pure: imported by the site, the API and the bot alike.
 */
import { z } from 'zod';
import raw from '../../content/site.json' with { type: 'json' };

const HotlineSchema = z.object({
  /** Digits (and an optional area-code dash) dialled as-is by a `tel:` link. */
  number: z.string().regex(/^[0-9-]{3,16}$/, '电话号码只能包含数字和短横线'),
  /** What the line is, in a few words. */
  name: z.string().min(2),
  /** When to call it, in plain words. */
  when: z.string().min(4),
  /** Emergency lines are shown first and in red. */
  emergency: z.boolean().default(false),
  /** A placeholder of the sample deployment: shown as text, never as a link that dials. */
  sample: z.boolean().default(false),
});

/** Another public number the content may mention (12393, 12381…); not shown in the hotline list. */
const ServiceNumberSchema = z.object({
  number: z.string().regex(/^[0-9-]{3,16}$/, '电话号码只能包含数字和短横线'),
  /** What the number is, in a few words. */
  name: z.string().min(2),
  /** False for numbers that only send texts or take no calls: they are never made links. */
  dial: z.boolean().default(true),
});

export const SiteConfigSchema = z.object({
  $comment: z.string().optional(),
  /** True for the sample deployment: the footer says addresses and office numbers are examples. */
  isSample: z.boolean().default(false),
  siteName: z.string().min(2),
  /** Public origin, used for canonical URLs, the sitemap and RSS. No trailing slash. */
  siteUrl: z.url().refine((u) => !u.endsWith('/'), '不要以 / 结尾'),
  city: z.string().min(2),
  /** Telephone area code, used to explain how a genuine 96110 call looks (e.g. 0635-96110). */
  areaCode: z.string().regex(/^0\d{2,3}$/),
  office: z.object({
    name: z.string(),
    shortName: z.string(),
    address: z.string(),
    phone: z.string().regex(/^[0-9-]{3,16}$/),
    hours: z.string(),
  }),
  /** Towns and sub-districts (镇/街道); alerts name these, the report form offers them. */
  districts: z.array(z.string().min(2)).min(1),
  hotlines: z.array(HotlineSchema).min(2),
  /**
   * Every other number the content mentions. A build step turns the dialable ones into tel: links
   * wherever content names them; a content test fails on any number not listed here.
   */
  serviceNumbers: z.array(ServiceNumberSchema).default([]),
  app: z.object({
    name: z.string(),
    publisher: z.string(),
    stores: z.array(z.string()).min(1),
    features: z.array(z.string()).min(1),
  }),
});

export type SiteConfig = z.infer<typeof SiteConfigSchema>;

function loadSiteConfig(): SiteConfig {
  const parsed = SiteConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `  content/site.json → ${i.path.join('.') || '(根)'}: ${i.message}`)
      .join('\n');
    throw new Error(`城市配置 content/site.json 有误：\n${issues}`);
  }
  return parsed.data;
}

/** The validated city configuration. */
export const siteConfig: SiteConfig = loadSiteConfig();

/** The word used for "the whole city" in alert targeting. */
export const ALL_DISTRICTS = '全市';
