import { z } from 'zod';
import { conversationStatusSchema, idSchema, isoTimeSchema } from '../domain/entities';

/**
 * A quick reply: a canned answer with `{{ variable }}` placeholders that the composer
 * fills from the open conversation (see variables.ts and render.ts).
 *
 * Scope decides who shares it and which sync stream carries it:
 * - `personal`: the owner's own, in the per-user stream `user:<ownerId>`;
 * - `team`: everyone's, in the `team` stream;
 * - `store`: for one store's conversations, in `store:<storeId>`.
 * Deletes are tombstones (`deletedAt`) so that every cache learns about them.
 */
export const TEMPLATE_LANGUAGES = ['zh-CN', 'en'] as const;
export const templateLanguageSchema = z.enum(TEMPLATE_LANGUAGES);
export type TemplateLanguage = z.infer<typeof templateLanguageSchema>;

export const TEMPLATE_SCOPES = ['personal', 'team', 'store'] as const;
export const templateScopeSchema = z.enum(TEMPLATE_SCOPES);
export type TemplateScope = z.infer<typeof templateScopeSchema>;

export const TEMPLATE_LIMITS = { title: 100, shortcut: 32, body: 5_000, category: 64, tag: 64 } as const;

/** Letters, digits, `-` and `_` in any script (so `fh`, `发货`, `where-1` are all fine), no spaces. */
export const shortcutSchema = z
  .string()
  .trim()
  .min(1, 'a shortcut is required')
  .max(TEMPLATE_LIMITS.shortcut)
  .regex(/^[\p{L}\p{N}_-]+$/u, 'a shortcut is letters, digits, "-" or "_" without spaces');

/** The fields an author writes; everything else is bookkeeping. */
export const quickReplyContentSchema = z.object({
  title: z.string().trim().min(1, 'a title is required').max(TEMPLATE_LIMITS.title),
  shortcut: shortcutSchema,
  body: z
    .string()
    .max(TEMPLATE_LIMITS.body)
    .refine((s) => s.trim().length > 0, 'a body is required'),
  category: z.string().trim().max(TEMPLATE_LIMITS.category),
  language: templateLanguageSchema,
  /** Applied to the conversation when the template is used; null leaves it alone. */
  setStatus: conversationStatusSchema.nullable(),
  /** Tag added to the conversation when the template is used; null adds none. */
  addTag: z.string().trim().min(1).max(TEMPLATE_LIMITS.tag).nullable(),
});
export type QuickReplyContent = z.infer<typeof quickReplyContentSchema>;

const scopeRule = (value: { scope: TemplateScope; storeId: string | null; ownerId: string | null }, ctx: z.RefinementCtx) => {
  if (value.scope === 'store' && value.storeId === null) {
    ctx.addIssue({ code: 'custom', path: ['storeId'], message: 'a store template needs a storeId' });
  }
  if (value.scope !== 'store' && value.storeId !== null) {
    ctx.addIssue({ code: 'custom', path: ['storeId'], message: 'only store templates carry a storeId' });
  }
  if (value.scope !== 'personal' && value.ownerId !== null) {
    ctx.addIssue({ code: 'custom', path: ['ownerId'], message: 'only personal templates carry an ownerId' });
  }
};

export const quickReplySchema = quickReplyContentSchema
  .extend({
    id: idSchema,
    scope: templateScopeSchema,
    /** Set for scope `store`, else null. */
    storeId: idSchema.nullable(),
    /** Set for scope `personal` (the server fills it from the session), else null. */
    ownerId: idSchema.nullable(),
    createdAt: isoTimeSchema,
    updatedAt: isoTimeSchema,
    deletedAt: isoTimeSchema.nullable(),
  })
  .superRefine((value, ctx) => {
    if (value.scope === 'personal' && value.ownerId === null) {
      ctx.addIssue({ code: 'custom', path: ['ownerId'], message: 'a personal template needs an ownerId' });
    }
    scopeRule(value, ctx);
  });
export type QuickReply = z.infer<typeof quickReplySchema>;

/**
 * A template as the client proposes it (template.upsert, import): content plus scope.
 * The owner of a personal template is always the sender, so it is not part of the input.
 */
export const newQuickReplySchema = quickReplyContentSchema
  .extend({
    scope: templateScopeSchema,
    storeId: idSchema.nullable(),
  })
  .superRefine((value, ctx) => scopeRule({ ...value, ownerId: null }, ctx));
export type NewQuickReply = z.infer<typeof newQuickReplySchema>;
