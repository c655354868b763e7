import { runBlockContract } from '../../test/contract/block-contract';
import { siteBlock } from './block';

runBlockContract(siteBlock, new URL('./fixtures/', import.meta.url));
