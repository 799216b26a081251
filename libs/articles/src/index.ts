export { ArticlesModule } from './articles.module.js';
export {
  ArticlesService,
  articleView,
  canonicalLanguageTag,
  directionOf,
  type ArticleView,
  type ArticleText,
  type CreateArticleInput,
} from './articles.service.js';
export { ArticleEntity } from './article.entity.js';
