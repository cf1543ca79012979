/**
 * Data tables of the entity extractor (bot/entities.ts): link shorteners, and the apps a stranger
 * uses to see or drive a phone, hold a meeting-room "case" or move the talk off the record.
 */
import type { Entities } from './types.ts';

/** Link shorteners seen in Chinese SMS; any other host of ≤ 6 characters with a short code counts too. */
export const SHORTENERS = new Set([
  't.cn',
  'url.cn',
  'dwz.cn',
  'suo.im',
  'bit.ly',
  'tinyurl.com',
  'is.gd',
  't.co',
  'goo.gl',
  'w.url.cn',
  'sohu.gg',
  'mrw.so',
  'u.nu',
  'rrd.me',
  '6du.in',
  'dwz.date',
  'dwz.mk',
  'reurl.cc',
  'tb.cn',
  'm.tb.cn',
  'c.tb.cn',
  'j.mp',
  'ow.ly',
  's.id',
  'cutt.ly',
  'rb.gy',
]);

/** Apps and features that let a stranger see or drive your phone, or pull you into a meeting room. */
export const APPS: {
  name: string;
  category: Entities['apps'][number]['category'];
  pattern: RegExp;
}[] = [
  { name: '向日葵', category: 'remote-control', pattern: /向日葵(?!花|籽|油)/g },
  { name: 'TeamViewer', category: 'remote-control', pattern: /team\s?viewer/g },
  { name: 'ToDesk', category: 'remote-control', pattern: /to\s?desk/g },
  { name: 'AnyDesk', category: 'remote-control', pattern: /any\s?desk/g },
  { name: 'RustDesk', category: 'remote-control', pattern: /rust\s?desk/g },
  {
    name: '屏幕共享',
    category: 'remote-control',
    pattern:
      /(?:屏幕|手机屏幕|桌面)共享|共享(?:你的|您的)?(?:手机)?(?:屏幕|桌面)|开(?:启|通)?共享/g,
  },
  {
    name: '远程控制',
    category: 'remote-control',
    pattern:
      /(?:帮(?:你|您)|我(?:来)?|让我|给(?:你|您))远程(?:控制|协助|操作|操控)|远程(?:控制|协助|操作|操控)(?:你的|您的)(?:手机|电脑)|远程桌面/g,
  },
  { name: '腾讯会议', category: 'meeting', pattern: /腾讯会议/g },
  { name: 'Zoom', category: 'meeting', pattern: /(?<![a-z])zoom(?![a-z])/g },
  {
    name: '瞩目',
    category: 'meeting',
    pattern: /瞩目(?:会议|app|软件)?(?=.{0,10}(?:下载|会议|共享|号|房间))/g,
  },
  { name: '钉钉会议', category: 'meeting', pattern: /钉钉会议/g },
  { name: '飞书会议', category: 'meeting', pattern: /飞书会议/g },
  { name: '云视讯', category: 'meeting', pattern: /云视讯/g },
  { name: '小鱼易连', category: 'meeting', pattern: /小鱼易连/g },
  { name: 'Webex', category: 'meeting', pattern: /webex/g },
  { name: 'Telegram', category: 'chat', pattern: /telegram|纸飞机|(?<![a-z])tg(?:群|账号|号)/g },
  { name: 'WhatsApp', category: 'chat', pattern: /whats\s?app/g },
  { name: 'Skype', category: 'chat', pattern: /skype/g },
  {
    name: '蝙蝠',
    category: 'chat',
    pattern: /蝙蝠(?:app|聊天|软件)?(?=.{0,6}(?:下载|聊|联系|加|号))/g,
  },
  { name: '事密达', category: 'chat', pattern: /事密达/g },
  { name: '与你', category: 'chat', pattern: /与你(?:app|聊天软件)/g },
  { name: '币信', category: 'chat', pattern: /币信/g },
  { name: 'Potato', category: 'chat', pattern: /potato/g },
];
